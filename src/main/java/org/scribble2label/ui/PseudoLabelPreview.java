package org.scribble2label.ui;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

import javax.swing.JPanel;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * The first training image with its current pseudo-labels over it, as in Fig. 1 of the paper:
 * pixels whose averaged prediction is consistent are tinted with their class colour (blue for
 * background, warm colours for objects); inconsistent pixels show the plain image.
 */
final class PseudoLabelPreview extends JPanel {

	private static final long serialVersionUID = 1L;
	/** The preview fits this square: large images are reduced, small ones enlarged. */
	private static final int SIDE = 320;
	private static final Color[] CLASS_COLOURS = { new Color(0x00, 0x4a, 0xff), new Color(0xff, 0x30, 0x30),
		new Color(0x00, 0xff, 0x4a), new Color(0x95, 0x00, 0xff), new Color(0xff, 0xc8, 0x00) };

	private final BufferedImage base;
	private volatile BufferedImage shown;
	private volatile String caption = "Pseudo-labels appear after the first ensemble update.";

	/** @param image the first training image, 2D (X, Y) or its first channel */
	PseudoLabelPreview(final RandomAccessibleInterval<? extends RealType<?>> image) {
		base = grey(image);
		shown = base;
		setPreferredSize(new Dimension(SIDE, SIDE + 36));
		setBackground(Color.WHITE);
	}

	/** Computes the tinted preview from the live averages; call off the EDT, then repaint. */
	BufferedImage render(final Img<FloatType> averages, final double tau) {
		final BufferedImage out = new BufferedImage(base.getWidth(), base.getHeight(), BufferedImage.TYPE_INT_RGB);
		final long w = averages.dimension(0), h = averages.dimension(1);
		final int classes = (int) averages.dimension(2);
		final RandomAccess<FloatType> a = averages.randomAccess();
		for (int y = 0; y < out.getHeight(); y++) {
			for (int x = 0; x < out.getWidth(); x++) {
				final long sx = x * w / out.getWidth(), sy = y * h / out.getHeight();
				int best = 0;
				float max = -1;
				for (int c = 0; c < classes; c++) {
					final float p = a.setPositionAndGet(sx, sy, c).get();
					if (p > max) {
						max = p;
						best = c;
					}
				}
				final int grey = base.getRGB(x, y) & 0xff;
				if (max > tau) {
					final Color tint = CLASS_COLOURS[best % CLASS_COLOURS.length];
					out.setRGB(x, y, blend(grey, tint));
				}
				else {
					out.setRGB(x, y, grey << 16 | grey << 8 | grey);
				}
			}
		}
		return out;
	}

	/** Shows a rendered preview (on the EDT). */
	void show(final BufferedImage preview, final String text) {
		shown = preview;
		caption = text;
		repaint();
	}

	String caption() {
		return caption;
	}

	private static int blend(final int grey, final Color tint) {
		final int r = (grey + tint.getRed()) / 2, g = (grey + tint.getGreen()) / 2, b = (grey + tint.getBlue()) / 2;
		return r << 16 | g << 8 | b;
	}

	@Override
	protected void paintComponent(final Graphics graphics) {
		super.paintComponent(graphics);
		final Graphics2D g = (Graphics2D) graphics;
		g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
		final double scale = Math.min((double) SIDE / shown.getWidth(), (double) SIDE / shown.getHeight());
		final int w = (int) Math.round(shown.getWidth() * scale), h = (int) Math.round(shown.getHeight() * scale);
		g.drawImage(shown, 0, 0, w, h, null);
		g.setColor(Color.DARK_GRAY);
		// The caption on up to two lines below the image.
		final java.awt.FontMetrics metrics = g.getFontMetrics();
		String line = "";
		int y = h + 15;
		for (final String word : caption.split(" ")) {
			if (!line.isEmpty() && metrics.stringWidth(line + " " + word) > SIDE - 8) {
				g.drawString(line, 4, y);
				y += metrics.getHeight();
				line = word;
			}
			else line = line.isEmpty() ? word : line + " " + word;
		}
		g.drawString(line, 4, y);
	}

	/** A display-stretched grey version (0.5–99.5 %), at most MAX_SIDE pixels wide or high. */
	private static BufferedImage grey(final RandomAccessibleInterval<? extends RealType<?>> image) {
		final long w = image.dimension(0), h = image.dimension(1);
		final double scale = Math.min(1, (double) SIDE / Math.max(w, h));
		final int ow = (int) Math.max(1, Math.round(w * scale)), oh = (int) Math.max(1, Math.round(h * scale));
		final double[] values = new double[ow * oh];
		final RandomAccess<? extends RealType<?>> a = image.randomAccess();
		final long[] position = new long[image.numDimensions()];
		for (int d = 0; d < position.length; d++)
			position[d] = image.min(d);
		for (int y = 0; y < oh; y++)
			for (int x = 0; x < ow; x++) {
				position[0] = image.min(0) + x * w / ow;
				position[1] = image.min(1) + y * h / oh;
				a.setPosition(position);
				values[y * ow + x] = a.get().getRealDouble();
			}
		final double[] sorted = values.clone();
		java.util.Arrays.sort(sorted);
		final double low = sorted[(int) (0.005 * (sorted.length - 1))], high = sorted[(int) (0.995 * (sorted.length - 1))];
		final BufferedImage out = new BufferedImage(ow, oh, BufferedImage.TYPE_INT_RGB);
		for (int i = 0; i < values.length; i++) {
			final int v = (int) Math.max(0, Math.min(255, 255 * (values[i] - low) / Math.max(1e-12, high - low)));
			out.setRGB(i % ow, i / ow, v << 16 | v << 8 | v);
		}
		return out;
	}
}
