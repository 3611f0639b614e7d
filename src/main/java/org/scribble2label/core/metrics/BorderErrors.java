package org.scribble2label.core.metrics;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/**
 * Where wrong pixels lie: within a few pixels of a true foreground/background border, or farther
 * away. Scribbles run through the middle of objects and between them, so they never say where a
 * border is, and pseudo-labels built from the network's own predictions repeat its border
 * errors as readily as its right answers. Besides the counts, the mean IoU per image
 * as scored, and as it would be with only the border errors, or only the others, set right:
 * how much of the IoU lost each kind of error costs.
 */
public final class BorderErrors {

	/** Distance (pixels, chessboard) up to which a pixel counts as on the border. */
	public static final int RADIUS = 2;

	long falseForeground, missedForeground, falseForegroundOnBorder, missedForegroundOnBorder, predictedArea, trueArea;

	private int images;
	private double sumIoU, sumIoUBorderRight, sumIoUElsewhereRight;

	/** Adds one 2D image: foreground is every non-zero pixel of either label image. */
	public void add(final RandomAccessibleInterval<? extends RealType<?>> truth,
		final RandomAccessibleInterval<? extends RealType<?>> predicted)
	{
		if (truth.numDimensions() != 2 || !Intervals.equalDimensions(truth, predicted))
			throw new IllegalArgumentException("Border errors need a 2D prediction of the ground truth's size.");
		add(nonZero(truth), nonZero(predicted), null, (int) truth.dimension(0), (int) truth.dimension(1));
	}

	private static boolean[] nonZero(final RandomAccessibleInterval<? extends RealType<?>> image) {
		final boolean[] values = new boolean[(int) (image.dimension(0) * image.dimension(1))];
		int i = 0;
		for (final RealType<?> v : Views.flatIterable(image))
			values[i++] = v.getRealDouble() != 0;
		return values;
	}

	/**
	 * Adds one image.
	 *
	 * @param truth true foreground, row by row
	 * @param predicted predicted foreground, row by row
	 * @param consider which pixels to count (null: all)
	 */
	public void add(final boolean[] truth, final boolean[] predicted, final boolean[] consider, final int width, final int height) {
		add(truth, nearBorder(truth, width, height, RADIUS), predicted, consider);
	}

	/** Adds one image whose {@link #nearBorder border} is known. */
	public void add(final boolean[] truth, final boolean[] border, final boolean[] predicted, final boolean[] consider) {
		long hit = 0, falseOn = 0, falseOff = 0, missedOn = 0, missedOff = 0;
		for (int i = 0; i < truth.length; i++) {
			if (consider != null && !consider[i]) continue;
			if (predicted[i]) predictedArea++;
			if (truth[i]) trueArea++;
			if (predicted[i] == truth[i]) {
				if (truth[i]) hit++;
			}
			else if (predicted[i]) {
				if (border[i]) falseOn++;
				else falseOff++;
			}
			else if (border[i]) missedOn++;
			else missedOff++;
		}
		falseForeground += falseOn + falseOff;
		falseForegroundOnBorder += falseOn;
		missedForeground += missedOn + missedOff;
		missedForegroundOnBorder += missedOn;
		// Foreground IoU as SegmentationMetrics scores it, then with one kind of error undone: a
		// missed pixel set right joins the intersection, a false one leaves the union.
		final long missed = missedOn + missedOff;
		images++;
		sumIoU += iou(hit, hit + missed + falseOn + falseOff);
		sumIoUBorderRight += iou(hit + missedOn, hit + missed + falseOff);
		sumIoUElsewhereRight += iou(hit + missedOff, hit + missed + falseOn);
	}

	private static double iou(final long intersection, final long union) {
		return (intersection + 1e-6) / (union + 1e-6);
	}

	/** Mean foreground IoU of the images added, as scored. */
	public double meanIoU() {
		return images == 0 ? Double.NaN : sumIoU / images;
	}

	/** Mean foreground IoU if every wrong pixel on a border were right. */
	public double meanIoUBorderRight() {
		return images == 0 ? Double.NaN : sumIoUBorderRight / images;
	}

	/** Mean foreground IoU if every wrong pixel away from the borders were right. */
	public double meanIoUElsewhereRight() {
		return images == 0 ? Double.NaN : sumIoUElsewhereRight / images;
	}

	public long wrong() {
		return falseForeground + missedForeground;
	}

	/** Share of the wrong pixels that lie on a true border. */
	public double onBorder() {
		return ratio(falseForegroundOnBorder + missedForegroundOnBorder, wrong());
	}

	/** Share of the wrong pixels that are false foreground (the rest is missed foreground). */
	public double falseForegroundShare() {
		return ratio(falseForeground, wrong());
	}

	/** Predicted over true foreground area: above 1, objects come out too large or too many. */
	public double areaRatio() {
		return ratio(predictedArea, trueArea);
	}

	/** The counts in words, then the mean IoU and what each kind of error costs it. */
	public String describe() {
		return String.format(java.util.Locale.ROOT,
			"%.1f%% of wrong pixels within %d px of a true border (false foreground %.1f%% of wrong pixels, " +
				"%.1f%% of it on a border; missed foreground %.1f%% on a border); predicted / true foreground area %.3f; " +
				"mean IoU %.3f, %.3f with the border errors set right, %.3f with the others set right",
			100 * onBorder(), RADIUS, 100 * falseForegroundShare(), 100 * ratio(falseForegroundOnBorder, falseForeground),
			100 * ratio(missedForegroundOnBorder, missedForeground), areaRatio(), meanIoU(), meanIoUBorderRight(),
			meanIoUElsewhereRight());
	}

	/**
	 * Pixels within {@code radius} (chessboard distance) of a pixel of the other value: the
	 * dilation of the foreground minus its erosion, by separable running maxima and minima.
	 * Outside the image counts as neither.
	 */
	public static boolean[] nearBorder(final boolean[] foreground, final int width, final int height, final int radius) {
		final boolean[] dilated = filter(foreground, width, height, radius, true);
		final boolean[] eroded = filter(foreground, width, height, radius, false);
		final boolean[] near = new boolean[foreground.length];
		for (int i = 0; i < near.length; i++)
			near[i] = dilated[i] && !eroded[i];
		return near;
	}

	/** Max (dilate) or min (erode) over the (2 radius + 1)² square, clipped to the image: along x, then y. */
	private static boolean[] filter(final boolean[] in, final int width, final int height, final int radius, final boolean max) {
		return runningExtreme(runningExtreme(in, height, width, width, 1, radius, max), width, height, 1, width, radius, max);
	}

	/**
	 * Max or min over a window of {@code 2 radius + 1} along each of {@code lines} lines of
	 * {@code length} pixels; a line starts at {@code line * lineStep}, its pixels are {@code step} apart.
	 */
	private static boolean[] runningExtreme(final boolean[] in, final int lines, final int length, final int lineStep,
		final int step, final int radius, final boolean max)
	{
		final boolean[] out = new boolean[in.length];
		for (int line = 0; line < lines; line++)
			for (int i = 0; i < length; i++) {
				boolean v = !max;
				for (int j = Math.max(0, i - radius); j <= Math.min(length - 1, i + radius); j++)
					v = max ? v || in[line * lineStep + j * step] : v && in[line * lineStep + j * step];
				out[line * lineStep + i * step] = v;
			}
		return out;
	}

	private static double ratio(final long a, final long b) {
		return b == 0 ? Double.NaN : (double) a / b;
	}
}
