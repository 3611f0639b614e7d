package org.scribble2label.bench;

/**
 * Where wrong pixels lie: within a few pixels of a true foreground/background border, or farther
 * away. Scribbles run through the middle of objects and between them, so they never say where a
 * border is; an error on the border is one that neither the scribbles nor pseudo-labels built
 * from the network's own predictions can correct. A benchmark diagnostic only.
 */
final class BorderErrors {

	/** Distance (pixels, chessboard) up to which a pixel counts as on the border. */
	static final int RADIUS = 2;

	long falseForeground, missedForeground, falseForegroundOnBorder, missedForegroundOnBorder, predictedArea, trueArea;

	/**
	 * Adds one image.
	 *
	 * @param truth true foreground, row by row
	 * @param predicted predicted foreground, row by row
	 * @param consider which pixels to count (null: all)
	 */
	void add(final boolean[] truth, final boolean[] predicted, final boolean[] consider, final int width, final int height) {
		add(truth, nearBorder(truth, width, height, RADIUS), predicted, consider);
	}

	/** Adds one image whose {@link #nearBorder border} is known. */
	void add(final boolean[] truth, final boolean[] border, final boolean[] predicted, final boolean[] consider) {
		for (int i = 0; i < truth.length; i++) {
			if (consider != null && !consider[i]) continue;
			if (predicted[i]) predictedArea++;
			if (truth[i]) trueArea++;
			if (predicted[i] == truth[i]) continue;
			if (predicted[i]) {
				falseForeground++;
				if (border[i]) falseForegroundOnBorder++;
			}
			else {
				missedForeground++;
				if (border[i]) missedForegroundOnBorder++;
			}
		}
	}

	long wrong() {
		return falseForeground + missedForeground;
	}

	/** Share of the wrong pixels that lie on a true border. */
	double onBorder() {
		return ratio(falseForegroundOnBorder + missedForegroundOnBorder, wrong());
	}

	/** Share of the wrong pixels that are false foreground (the rest is missed foreground). */
	double falseForegroundShare() {
		return ratio(falseForeground, wrong());
	}

	/** Predicted over true foreground area: above 1, objects come out too large or too many. */
	double areaRatio() {
		return ratio(predictedArea, trueArea);
	}

	String describe() {
		return String.format(java.util.Locale.ROOT,
			"%.1f%% of wrong pixels within %d px of a true border (false foreground %.1f%% of wrong pixels, " +
				"%.1f%% of it on a border; missed foreground %.1f%% on a border); predicted / true foreground area %.3f",
			100 * onBorder(), RADIUS, 100 * falseForegroundShare(), 100 * ratio(falseForegroundOnBorder, falseForeground),
			100 * ratio(missedForegroundOnBorder, missedForeground), areaRatio());
	}

	/**
	 * Pixels within {@code radius} (chessboard distance) of a pixel of the other value: the
	 * dilation of the foreground minus its erosion, by separable running maxima and minima.
	 * Outside the image counts as neither.
	 */
	static boolean[] nearBorder(final boolean[] foreground, final int width, final int height, final int radius) {
		final boolean[] dilated = filter(foreground, width, height, radius, true);
		final boolean[] eroded = filter(foreground, width, height, radius, false);
		final boolean[] near = new boolean[foreground.length];
		for (int i = 0; i < near.length; i++)
			near[i] = dilated[i] && !eroded[i];
		return near;
	}

	/** Max (dilate) or min (erode) over the (2 radius + 1)² square, clipped to the image. */
	private static boolean[] filter(final boolean[] in, final int width, final int height, final int radius, final boolean max) {
		final boolean[] rows = new boolean[in.length];
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				boolean v = !max;
				for (int dx = Math.max(0, x - radius); dx <= Math.min(width - 1, x + radius); dx++)
					v = max ? v || in[y * width + dx] : v && in[y * width + dx];
				rows[y * width + x] = v;
			}
		final boolean[] out = new boolean[in.length];
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				boolean v = !max;
				for (int dy = Math.max(0, y - radius); dy <= Math.min(height - 1, y + radius); dy++)
					v = max ? v || rows[dy * width + x] : v && rows[dy * width + x];
				out[y * width + x] = v;
			}
		return out;
	}

	private static double ratio(final long a, final long b) {
		return b == 0 ? Double.NaN : (double) a / b;
	}
}
