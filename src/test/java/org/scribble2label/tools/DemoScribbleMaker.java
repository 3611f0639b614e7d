package org.scribble2label.tools;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

/**
 * Made the bundled demo scribbles (src/main/resources/org/scribble2label/demo/): imitates a
 * user drawing a few straight strokes, one through each of ten nuclei spread over the image
 * (along the nucleus' long axis, over about 60% of its length), and eight straight background
 * strokes that keep 5 pixels away from every nucleus. Run once by hand:
 * {@code java -cp ... DemoScribbleMaker image.png mask.png out.png}. Not a test.
 */
public final class DemoScribbleMaker {

	public static void main(final String[] args) {
		final ImagePlus mask = IJ.openImage(args[1]);
		final ImageProcessor labels = mask.getProcessor();
		final int w = labels.getWidth(), h = labels.getHeight();
		final int n = (int) labels.getStatistics().max;
		final ByteProcessor out = new ByteProcessor(w, h);
		// Per nucleus: centroid and second moments.
		final double[] sx = new double[n + 1], sy = new double[n + 1], sxx = new double[n + 1], syy = new double[n + 1],
			sxy = new double[n + 1], count = new double[n + 1];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				final int l = (int) labels.getf(x, y);
				count[l]++; sx[l] += x; sy[l] += y; sxx[l] += x * x; syy[l] += y * y; sxy[l] += x * y;
			}
		final List<Integer> nuclei = new ArrayList<>();
		for (int l = 1; l <= n; l++)
			if (count[l] > 80) nuclei.add(l);
		// Spread the picks: a 5 x 2 grid of cells, the largest nucleus per cell.
		final Random random = new Random(2020);
		for (int cell = 0; cell < 10; cell++) {
			final int cx = cell % 5, cy = cell / 5;
			nuclei.stream().filter(l -> (int) (sx[l] / count[l] * 5 / w) == cx && (int) (sy[l] / count[l] * 2 / h) == cy)
				.max(Comparator.comparingDouble(l -> count[l])).ifPresent(l -> {
					final double mx = sx[l] / count[l], my = sy[l] / count[l];
					final double vxx = sxx[l] / count[l] - mx * mx, vyy = syy[l] / count[l] - my * my, vxy = sxy[l] / count[l] - mx * my;
					final double angle = 0.5 * Math.atan2(2 * vxy, vxx - vyy);
					final double half = 0.6 * 2 * Math.sqrt(Math.max(vxx, vyy) + Math.abs(vxy)) ;
					line(out, labels, l, mx - half * Math.cos(angle), my - half * Math.sin(angle), mx + half * Math.cos(angle),
						my + half * Math.sin(angle), 2);
				});
		}
		// Background strokes: straight lines of 40-80 pixels, at least 5 pixels from any nucleus.
		int drawn = 0;
		for (int attempt = 0; attempt < 20000 && drawn < 8; attempt++) {
			final double x0 = random.nextInt(w), y0 = random.nextInt(h), a = random.nextDouble() * Math.PI;
			final double len = 40 + random.nextInt(41);
			final double x1 = x0 + len * Math.cos(a), y1 = y0 + len * Math.sin(a);
			if (x1 < 2 || y1 < 2 || x1 >= w - 2 || y1 >= h - 2) continue;
			if (!clearOfNuclei(labels, x0, y0, x1, y1, 5)) continue;
			line(out, labels, 0, x0, y0, x1, y1, 1);
			drawn++;
		}
		new ij.io.FileSaver(new ImagePlus("scribbles", out)).saveAsPng(args[2]);
	}

	private static boolean clearOfNuclei(final ImageProcessor labels, final double x0, final double y0, final double x1,
		final double y1, final int margin)
	{
		final int steps = (int) Math.ceil(Math.hypot(x1 - x0, y1 - y0));
		for (int i = 0; i <= steps; i++) {
			final int x = (int) Math.round(x0 + (x1 - x0) * i / steps), y = (int) Math.round(y0 + (y1 - y0) * i / steps);
			for (int dy = -margin; dy <= margin; dy++)
				for (int dx = -margin; dx <= margin; dx++) {
					final int px = x + dx, py = y + dy;
					if (px >= 0 && py >= 0 && px < labels.getWidth() && py < labels.getHeight() && labels.getf(px, py) != 0)
						return false;
				}
		}
		return true;
	}

	/** Draws the part of the line that lies on label {@code only} with value {@code value}. */
	private static void line(final ByteProcessor out, final ImageProcessor labels, final int only, final double x0,
		final double y0, final double x1, final double y1, final int value)
	{
		final int steps = (int) Math.ceil(2 * Math.hypot(x1 - x0, y1 - y0));
		for (int i = 0; i <= steps; i++) {
			final int x = (int) Math.round(x0 + (x1 - x0) * i / steps), y = (int) Math.round(y0 + (y1 - y0) * i / steps);
			if (x >= 0 && y >= 0 && x < out.getWidth() && y < out.getHeight() && (int) labels.getf(x, y) == only)
				out.set(x, y, value);
		}
	}
}
