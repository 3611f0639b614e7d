package org.scribble2label.core.instance;

/**
 * Fills holes of a 2D mask: background regions (4-connected, as in the paper's code) that do
 * not touch the image border become foreground.
 */
public final class HoleFilling {

	private HoleFilling() {}

	/** Fills the holes of {@code mask} (row-major, w x h) in place. */
	public static void fill(final boolean[] mask, final int w, final int h) {
		final boolean[] background = new boolean[mask.length];
		for (int i = 0; i < mask.length; i++)
			background[i] = !mask[i];
		final int[] regions = new int[mask.length];
		final int count = ConnectedComponents.label(background, w, h, ConnectedComponents.Connectivity.FOUR, regions);
		final boolean[] touchesBorder = new boolean[count + 1];
		for (int x = 0; x < w; x++) {
			touchesBorder[regions[x]] = true;
			touchesBorder[regions[(h - 1) * w + x]] = true;
		}
		for (int y = 0; y < h; y++) {
			touchesBorder[regions[y * w]] = true;
			touchesBorder[regions[y * w + w - 1]] = true;
		}
		for (int i = 0; i < mask.length; i++)
			if (regions[i] != 0 && !touchesBorder[regions[i]]) mask[i] = true;
	}
}
