package org.scribble2label.core.metrics;

import java.util.List;
import java.util.Locale;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;

import org.scribble2label.core.instance.InstanceSegmentation;

/**
 * All scores of one predicted image against its ground-truth instances: foreground IoU, the
 * paper's mDice, the clean mDice, and F1 and average precision at IoU 0.5 of the instances.
 */
public final class ImageScores {

	public final double iou;
	public final double paperMDice;
	public final double cleanMDice;
	public final InstanceMetrics.Matching matching;

	private ImageScores(final double iou, final double paperMDice, final double cleanMDice,
		final InstanceMetrics.Matching matching)
	{
		this.iou = iou;
		this.paperMDice = paperMDice;
		this.cleanMDice = cleanMDice;
		this.matching = matching;
	}

	/**
	 * @param semanticLabels the prediction's class per pixel (0 = background)
	 * @param truth ground-truth instances (0 = background)
	 * @param instances how the prediction is split into instances for the clean scores
	 */
	public static ImageScores of(final RandomAccessibleInterval<? extends IntegerType<?>> semanticLabels,
		final RandomAccessibleInterval<? extends RealType<?>> truth, final InstanceSegmentation instances)
	{
		final Img<? extends IntegerType<?>> predictedInstances = instances.apply(semanticLabels);
		return new ImageScores(SegmentationMetrics.foregroundIoU(semanticLabels, truth),
			InstanceMetrics.paperMDice(semanticLabels, truth), InstanceMetrics.cleanMDice(predictedInstances, truth),
			InstanceMetrics.matching(predictedInstances, truth, 0.5));
	}

	/** Tab-separated: IoU, paper mDice, clean mDice, AP@0.5, F1@0.5. */
	public String toRow() {
		return String.format(Locale.ROOT, "%.4f\t%.4f\t%.4f\t%.4f\t%.4f", iou, paperMDice, cleanMDice,
			matching.averagePrecision(), matching.f1());
	}

	public static String header() {
		return "IoU\tmDice(paper)\tmDice(clean)\tAP@0.5\tF1@0.5";
	}

	/** Means over images; NaN scores (images without objects) are left out of their mean. */
	public static String meanRow(final List<ImageScores> scores) {
		return String.format(Locale.ROOT, "%.4f\t%.4f\t%.4f\t%.4f\t%.4f", mean(scores, s -> s.iou),
			mean(scores, s -> s.paperMDice), mean(scores, s -> s.cleanMDice), mean(scores, s -> s.matching.averagePrecision()),
			mean(scores, s -> s.matching.f1()));
	}

	public static double mean(final List<ImageScores> scores, final java.util.function.ToDoubleFunction<ImageScores> score) {
		return scores.stream().mapToDouble(score).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
	}
}
