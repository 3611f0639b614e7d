package org.scribble2label.core.metrics;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/** Semantic segmentation scores. */
public final class SegmentationMetrics {

	private SegmentationMetrics() {}

	/**
	 * Foreground intersection over union of a prediction and a ground truth: foreground is
	 * every non-zero pixel (any class, any instance). As in the paper's code,
	 * {@code (|P ∩ G| + 1e-6) / (|P ∪ G| + 1e-6)}, so two empty masks score 1.
	 */
	public static double foregroundIoU(final RandomAccessibleInterval<? extends RealType<?>> prediction,
		final RandomAccessibleInterval<? extends RealType<?>> truth)
	{
		if (!Intervals.equalDimensions(prediction, truth))
			throw new IllegalArgumentException("Prediction and ground truth differ in size.");
		final Cursor<? extends RealType<?>> p = Views.flatIterable(prediction).cursor();
		final Cursor<? extends RealType<?>> g = Views.flatIterable(truth).cursor();
		long intersection = 0, union = 0;
		while (p.hasNext()) {
			final boolean a = p.next().getRealDouble() != 0, b = g.next().getRealDouble() != 0;
			if (a && b) intersection++;
			if (a || b) union++;
		}
		return (intersection + 1e-6) / (union + 1e-6);
	}
}
