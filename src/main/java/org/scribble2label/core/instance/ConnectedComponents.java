package org.scribble2label.core.instance;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

/**
 * Connected-component labelling of 2D masks (two passes with union-find). Components are
 * numbered 1, 2, … in raster order of their first pixel (row by row, X fastest).
 */
public final class ConnectedComponents {

	/** Which neighbours touch. */
	public enum Connectivity {
		/** Edge neighbours only. */
		FOUR,
		/** Edge and corner neighbours. */
		EIGHT
	}

	private ConnectedComponents() {}

	/**
	 * Labels the non-zero pixels of a 2D image.
	 *
	 * @return the label image (0 = background) of the same size
	 */
	public static ArrayImg<IntType, IntArray> label(final RandomAccessibleInterval<? extends RealType<?>> mask,
		final Connectivity connectivity)
	{
		if (mask.numDimensions() != 2) throw new IllegalArgumentException("Connected components need a 2D image.");
		final int w = (int) mask.dimension(0), h = (int) mask.dimension(1);
		final boolean[] foreground = new boolean[w * h];
		final Cursor<? extends RealType<?>> c = Views.flatIterable(mask).cursor();
		for (int i = 0; i < foreground.length; i++)
			foreground[i] = c.next().getRealDouble() != 0;
		final int[] labels = new int[w * h];
		label(foreground, w, h, connectivity, labels);
		return ArrayImgs.ints(labels, w, h);
	}

	/**
	 * Labels a row-major mask of size w x h into {@code labels} (same length).
	 *
	 * @return the number of components
	 */
	public static int label(final boolean[] mask, final int w, final int h, final Connectivity connectivity,
		final int[] labels)
	{
		final int[] parent = new int[w * h / 2 + 2];
		int next = 1;
		final boolean eight = connectivity == Connectivity.EIGHT;
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				final int i = y * w + x;
				if (!mask[i]) {
					labels[i] = 0;
					continue;
				}
				int l = 0;
				// Already visited neighbours: left, and the row above (up-left, up, up-right for 8).
				l = join(parent, l, x > 0 ? labels[i - 1] : 0);
				if (y > 0) {
					l = join(parent, l, labels[i - w]);
					if (eight) {
						l = join(parent, l, x > 0 ? labels[i - w - 1] : 0);
						l = join(parent, l, x < w - 1 ? labels[i - w + 1] : 0);
					}
				}
				if (l == 0) {
					l = next++;
					parent[l] = l;
				}
				labels[i] = l;
			}
		}
		// Resolve provisional labels to roots, then renumber in raster order.
		final int[] finalLabel = new int[next];
		int count = 0;
		for (int i = 0; i < labels.length; i++) {
			if (labels[i] == 0) continue;
			final int root = find(parent, labels[i]);
			if (finalLabel[root] == 0) finalLabel[root] = ++count;
			labels[i] = finalLabel[root];
		}
		return count;
	}

	/** Merges the sets of a and b (either may be 0 = none) and returns a representative. */
	private static int join(final int[] parent, final int a, final int b) {
		if (b == 0) return a;
		if (a == 0) return b;
		final int ra = find(parent, a), rb = find(parent, b);
		if (ra == rb) return ra;
		// The smaller root wins, so roots stay the earliest provisional label.
		if (ra < rb) {
			parent[rb] = ra;
			return ra;
		}
		parent[ra] = rb;
		return rb;
	}

	private static int find(final int[] parent, int a) {
		while (parent[a] != a) {
			parent[a] = parent[parent[a]];
			a = parent[a];
		}
		return a;
	}
}
