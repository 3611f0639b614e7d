package org.scribble2label.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ij.gui.Roi;

/** Pixel sets drawn as text, one row per line: '#' = pixel in the set, '.' = not. */
final class PixelGrids {

	private PixelGrids() {}

	/** The pixels {@link RoiRasterizer} gives for a ROI on a width x height image, as text. */
	static String raster(final Roi roi, final int width, final int height) {
		final boolean[][] pixels = new boolean[height][width];
		RoiRasterizer.forEachPixel(roi, width, height, (x, y) -> pixels[y][x] = true);
		return draw(pixels);
	}

	static String draw(final boolean[][] pixels) {
		final StringBuilder text = new StringBuilder();
		for (final boolean[] row : pixels) {
			for (final boolean pixel : row)
				text.append(pixel ? '#' : '.');
			text.append('\n');
		}
		return text.toString();
	}

	static String grid(final String... rows) {
		return String.join("\n", rows) + "\n";
	}

	static boolean[][] parse(final String grid) {
		final String[] rows = grid.split("\n");
		final boolean[][] pixels = new boolean[rows.length][];
		for (int y = 0; y < rows.length; y++) {
			pixels[y] = new boolean[rows[y].length()];
			for (int x = 0; x < rows[y].length(); x++)
				pixels[y][x] = rows[y].charAt(x) == '#';
		}
		return pixels;
	}

	static void assertRaster(final String expected, final Roi roi) {
		final String[] rows = expected.split("\n");
		assertEquals(expected, raster(roi, rows[0].length(), rows.length), roi.toString());
	}
}
