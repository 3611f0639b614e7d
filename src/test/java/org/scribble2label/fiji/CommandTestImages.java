package org.scribble2label.fiji;

import ij.ImagePlus;
import ij.gui.Line;
import ij.gui.Overlay;
import ij.gui.Roi;

import org.scribble2label.core.SyntheticImages;
import org.scribble2label.ij.ImagePlusAdapter;

/** Synthetic images for command tests, with their scribbles as an overlay of line ROIs. */
final class CommandTestImages {

	private CommandTestImages() {}

	static ImagePlus image(final SyntheticImages data, final String title) {
		return ImagePlusAdapter.toImagePlus(data.image, title, null);
	}

	/** The synthetic scribbles (horizontal runs) as line ROIs named "background" or "cell". */
	static ImagePlus withOverlayScribbles(final SyntheticImages data, final String title) {
		final ImagePlus image = image(data, title);
		final Overlay overlay = new Overlay();
		final int w = (int) data.scribbles.dimension(0), h = (int) data.scribbles.dimension(1);
		final byte[] s = data.scribbles.update(null).getCurrentStorageArray();
		for (int y = 0; y < h; y++) {
			int x = 0;
			while (x < w) {
				final int v = s[y * w + x];
				if (v == 0) {
					x++;
					continue;
				}
				int end = x;
				while (end + 1 < w && s[y * w + end + 1] == v)
					end++;
				final Roi line = new Line(x, y, end, y);
				line.setName(v == 1 ? "background" : "cell");
				overlay.add(line);
				x = end + 1;
			}
		}
		image.setOverlay(overlay);
		return image;
	}

	static ImagePlus labelImage(final SyntheticImages data) {
		return ImagePlusAdapter.toImagePlus(data.scribbles, "scribbles", null);
	}
}
