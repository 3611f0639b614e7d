package org.scribble2label.core.instance;

import java.util.Arrays;

/**
 * Marker-controlled watershed on a 2D "height" image (e.g. the distance transform of a mask),
 * flooding from the highest values down, 8-connected, restricted to a mask. Markers are the
 * regional maxima whose dynamic (height above the level where they meet a higher maximum)
 * is at least {@code minDynamic}: the h-maxima criterion, which ignores the small bumps of a
 * pixelated distance map and keeps one marker per object bulge.
 */
final class SeededWatershed {

	private static final int[] DX = { -1, 0, 1, -1, 1, -1, 0, 1 };
	private static final int[] DY = { -1, -1, -1, 0, 0, 1, 1, 1 };

	private SeededWatershed() {}

	/** Marker labels (1..n at the peak pixel of each kept maximum, 0 elsewhere). */
	static int[] markers(final float[] height, final boolean[] mask, final int w, final int h, final double minDynamic) {
		final int[] order = sortedDescending(height, mask);
		final int[] parent = new int[w * h];
		Arrays.fill(parent, -1);
		final int[] peakPixel = new int[w * h];
		final int[] markers = new int[w * h];
		int count = 0;
		for (final int p : order) {
			parent[p] = p;
			peakPixel[p] = p;
			final int x = p % w, y = p / w;
			for (int k = 0; k < 8; k++) {
				final int nx = x + DX[k], ny = y + DY[k];
				if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
				final int q = ny * w + nx;
				if (parent[q] < 0) continue; // not flooded yet (lower, or outside the mask)
				final int a = find(parent, p), b = find(parent, q);
				if (a == b) continue;
				// The region with the lower peak meets a higher one at this level.
				final boolean aLower = height[peakPixel[a]] < height[peakPixel[b]] ||
					height[peakPixel[a]] == height[peakPixel[b]] && peakPixel[a] > peakPixel[b];
				final int lower = aLower ? a : b, higher = aLower ? b : a;
				if (height[peakPixel[lower]] - height[p] >= minDynamic && markers[peakPixel[lower]] == 0)
					markers[peakPixel[lower]] = ++count;
				parent[lower] = higher;
			}
		}
		// The highest maximum of every connected region is always a marker.
		for (final int p : order)
			if (parent[p] == p && markers[peakPixel[p]] == 0) markers[peakPixel[p]] = ++count;
		return markers;
	}

	/** Floods the mask from the markers, highest heights first; returns the labels. */
	static int[] flood(final float[] height, final boolean[] mask, final int[] markers, final int w, final int h) {
		final int[] labels = markers.clone();
		final PixelQueue queue = new PixelQueue(w * h);
		for (int p = 0; p < labels.length; p++)
			if (labels[p] != 0) queue.push(p, height[p]);
		while (!queue.isEmpty()) {
			final int p = queue.pop();
			final int x = p % w, y = p / w;
			for (int k = 0; k < 8; k++) {
				final int nx = x + DX[k], ny = y + DY[k];
				if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
				final int q = ny * w + nx;
				if (!mask[q] || labels[q] != 0) continue;
				labels[q] = labels[p];
				queue.push(q, height[q]);
			}
		}
		return labels;
	}

	private static int[] sortedDescending(final float[] height, final boolean[] mask) {
		int n = 0;
		for (final boolean m : mask)
			if (m) n++;
		final long[] keys = new long[n];
		int i = 0;
		for (int p = 0; p < mask.length; p++)
			if (mask[p]) keys[i++] = ((long) descendingKey(height[p]) << 32) | p;
		Arrays.sort(keys);
		final int[] order = new int[n];
		for (i = 0; i < n; i++)
			order[i] = (int) keys[i];
		return order;
	}

	/** An int that sorts ascending as the float sorts descending (ties: lower pixel index first). */
	private static int descendingKey(final float value) {
		final int bits = Float.floatToIntBits(value);
		final int ascending = bits >= 0 ? bits : bits ^ 0x7fffffff;
		return ~ascending; // ~x = -x - 1 reverses the order without overflow
	}

	private static int find(final int[] parent, int a) {
		while (parent[a] != a) {
			parent[a] = parent[parent[a]];
			a = parent[a];
		}
		return a;
	}

	/** A binary max-heap of pixels by height; equal heights leave in the order they came. */
	private static final class PixelQueue {
		private final int[] pixels;
		private final float[] heights;
		private final long[] arrival;
		private int size;
		private long arrivals;

		PixelQueue(final int capacity) {
			pixels = new int[capacity];
			heights = new float[capacity];
			arrival = new long[capacity];
		}

		boolean isEmpty() {
			return size == 0;
		}

		void push(final int pixel, final float height) {
			int i = size++;
			pixels[i] = pixel;
			heights[i] = height;
			arrival[i] = arrivals++;
			while (i > 0) {
				final int parent = (i - 1) / 2;
				if (!before(i, parent)) break;
				swap(i, parent);
				i = parent;
			}
		}

		int pop() {
			final int top = pixels[0];
			size--;
			if (size > 0) {
				pixels[0] = pixels[size];
				heights[0] = heights[size];
				arrival[0] = arrival[size];
				int i = 0;
				while (true) {
					final int l = 2 * i + 1, r = l + 1;
					int best = i;
					if (l < size && before(l, best)) best = l;
					if (r < size && before(r, best)) best = r;
					if (best == i) break;
					swap(i, best);
					i = best;
				}
			}
			return top;
		}

		private boolean before(final int a, final int b) {
			return heights[a] > heights[b] || heights[a] == heights[b] && arrival[a] < arrival[b];
		}

		private void swap(final int a, final int b) {
			final int p = pixels[a];
			pixels[a] = pixels[b];
			pixels[b] = p;
			final float h = heights[a];
			heights[a] = heights[b];
			heights[b] = h;
			final long t = arrival[a];
			arrival[a] = arrival[b];
			arrival[b] = t;
		}
	}
}
