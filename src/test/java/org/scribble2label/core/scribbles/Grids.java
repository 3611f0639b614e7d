package org.scribble2label.core.scribbles;

import org.scribble2label.core.instance.ConnectedComponents;
import org.scribble2label.core.instance.ConnectedComponents.Connectivity;

/** Small binary test images written as text: one string per row, '#' set, '.' unset. */
final class Grids {

	final boolean[] pixels;
	final int w, h;

	private Grids(final boolean[] pixels, final int w, final int h) {
		this.pixels = pixels;
		this.w = w;
		this.h = h;
	}

	static Grids of(final String... rows) {
		final int h = rows.length, w = rows[0].length();
		final boolean[] pixels = new boolean[w * h];
		for (int y = 0; y < h; y++) {
			if (rows[y].length() != w) throw new IllegalArgumentException("Row " + y + " has another width.");
			for (int x = 0; x < w; x++)
				pixels[y * w + x] = rows[y].charAt(x) == '#';
		}
		return new Grids(pixels, w, h);
	}

	static Grids of(final boolean[] pixels, final int w, final int h) {
		return new Grids(pixels, w, h);
	}

	Grids skeleton() {
		return new Grids(Skeletonize.skeletonize(pixels, w, h), w, h);
	}

	int components(final Connectivity connectivity) {
		return ConnectedComponents.label(pixels, w, h, connectivity, new int[w * h]);
	}

	Grids complement() {
		final boolean[] inverse = new boolean[pixels.length];
		for (int i = 0; i < pixels.length; i++)
			inverse[i] = !pixels[i];
		return new Grids(inverse, w, h);
	}

	/** Whether some 2x2 block is fully set (the skeleton is then not 1 pixel thin). */
	boolean hasFullBlock() {
		for (int y = 0; y + 1 < h; y++)
			for (int x = 0; x + 1 < w; x++)
				if (pixels[y * w + x] && pixels[y * w + x + 1] && pixels[(y + 1) * w + x] && pixels[(y + 1) * w + x + 1])
					return true;
		return false;
	}

	@Override
	public String toString() {
		final StringBuilder s = new StringBuilder();
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++)
				s.append(pixels[y * w + x] ? '#' : '.');
			s.append('\n');
		}
		return s.toString();
	}
}
