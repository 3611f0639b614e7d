package org.scribble2label.core.metrics;

import java.util.HashMap;
import java.util.Map;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import org.scribble2label.core.instance.ConnectedComponents;
import org.scribble2label.core.instance.HoleFilling;

/**
 * Instance segmentation scores of one 2D image against its ground-truth instance labels.
 * <ul>
 * <li>{@link #paperMDice}: mDice exactly as the Scribble2Label code computes it (after
 * Nishimura et al. 2019), quirks included, to compare with the paper's numbers;</li>
 * <li>{@link #cleanMDice}: the same object Dice without the quirks, and false positives
 * penalised;</li>
 * <li>{@link #matching}: precision, recall, F1 and the "average precision" of the Data Science
 * Bowl (TP / (TP + FP + FN)) at an IoU threshold, usually 0.5.</li>
 * </ul>
 */
public final class InstanceMetrics {

	/** Constants of the paper's code. */
	static final int PAPER_MIN_PREDICTED_SIZE = 64, PAPER_MIN_TRUTH_SIZE = 20;
	static final double PAPER_EPSILON = 1e-4;

	private InstanceMetrics() {}

	/**
	 * The paper's mDice. The binary prediction (non-zero pixels) is post-processed as in its code:
	 * 8-connected components, components under 64 pixels removed, holes filled (4-connected),
	 * relabelled; touching nuclei therefore stay merged. Ground-truth ids are clipped at 255 (the
	 * code reads 16-bit label images through an 8-bit conversion). Then for every id t = 1 …
	 * max(T): objects under 20 pixels are emptied; the predicted object with the largest overlap
	 * is the match; when there is none, every ground-truth object touching the image border is
	 * erased from then on; Dice_t = (2 |P ∩ G| + 1e-4) / (|P| + |G| + 1e-4), so empty pairs score 1.
	 * The image's score is the mean over t, 0 when it has no ground-truth object.
	 */
	public static double paperMDice(final RandomAccessibleInterval<? extends RealType<?>> prediction,
		final RandomAccessibleInterval<? extends RealType<?>> truth)
	{
		final int w = (int) prediction.dimension(0), h = (int) prediction.dimension(1);
		checkSizes(prediction, truth);
		final boolean[] binary = new boolean[w * h];
		final Cursor<? extends RealType<?>> p = Views.flatIterable(prediction).cursor();
		for (int i = 0; i < binary.length; i++)
			binary[i] = p.next().getRealDouble() != 0;
		final int[] components = new int[w * h];
		final int n = ConnectedComponents.label(binary, w, h, ConnectedComponents.Connectivity.EIGHT, components);
		final int[] componentSizes = new int[n + 1];
		for (final int c : components)
			componentSizes[c]++;
		for (int i = 0; i < binary.length; i++)
			binary[i] = components[i] != 0 && componentSizes[components[i]] >= PAPER_MIN_PREDICTED_SIZE;
		HoleFilling.fill(binary, w, h);
		final int[] predicted = new int[w * h];
		final int predictedCount = ConnectedComponents.label(binary, w, h, ConnectedComponents.Connectivity.EIGHT, predicted);
		final int[] predictedSizes = new int[predictedCount + 1];
		for (final int q : predicted)
			predictedSizes[q]++;

		final int[] t = read(truth, w * h);
		int maxT = 0;
		for (int i = 0; i < t.length; i++) {
			t[i] = Math.min(t[i], 255);
			maxT = Math.max(maxT, t[i]);
		}
		if (maxT == 0) return 0;
		// Pixels of every ground-truth id, and which ids touch the border.
		final int[] sizes = new int[maxT + 1];
		for (final int v : t)
			sizes[v]++;
		final int[][] pixels = new int[maxT + 1][];
		for (int id = 1; id <= maxT; id++)
			pixels[id] = new int[sizes[id]];
		final int[] filled = new int[maxT + 1];
		for (int i = 0; i < t.length; i++)
			if (t[i] != 0) pixels[t[i]][filled[t[i]]++] = i;
		final boolean[] touchesBorder = new boolean[maxT + 1];
		for (int i = 0; i < t.length; i++) {
			final int x = i % w, y = i / w;
			if (x == 0 || y == 0 || x == w - 1 || y == h - 1) touchesBorder[t[i]] = true;
		}
		final boolean[] erased = new boolean[maxT + 1];
		double sum = 0;
		for (int id = 1; id <= maxT; id++) {
			if (sizes[id] < PAPER_MIN_TRUTH_SIZE) erased[id] = true;
			// Largest overlap among predicted objects (the first label wins ties, as argmax does).
			int match = 0, best = 0;
			if (!erased[id]) {
				final Map<Integer, Integer> overlaps = new HashMap<>();
				for (final int i : pixels[id])
					if (predicted[i] != 0) overlaps.merge(predicted[i], 1, Integer::sum);
				for (final Map.Entry<Integer, Integer> e : overlaps.entrySet())
					if (e.getValue() > best || e.getValue() == best && e.getKey() < match) {
						best = e.getValue();
						match = e.getKey();
					}
			}
			if (match == 0) {
				for (int other = 1; other <= maxT; other++)
					if (touchesBorder[other]) erased[other] = true;
			}
			final int truthSize = erased[id] ? 0 : sizes[id];
			final int predictedSize = match == 0 ? 0 : predictedSizes[match];
			final int intersection = match == 0 || erased[id] ? 0 : best;
			sum += (2.0 * intersection + PAPER_EPSILON) / (predictedSize + truthSize + PAPER_EPSILON);
		}
		return sum / maxT;
	}

	/**
	 * Object Dice without the paper's quirks: every ground-truth object (16-bit ids, any size)
	 * is scored by its Dice with the predicted instance of largest overlap (0 when none), and
	 * every predicted instance that is nobody's best match scores 0 (a false positive or a
	 * fragment). Returns the mean of these scores, or NaN when the image has neither ground-truth
	 * nor predicted objects.
	 */
	public static double cleanMDice(final RandomAccessibleInterval<? extends RealType<?>> predictedInstances,
		final RandomAccessibleInterval<? extends RealType<?>> truth)
	{
		final Overlaps o = new Overlaps(predictedInstances, truth);
		if (o.truthSizes.isEmpty() && o.predictedSizes.isEmpty()) return Double.NaN;
		final java.util.Set<Integer> matched = new java.util.HashSet<>();
		double sum = 0;
		for (final Map.Entry<Integer, Integer> g : o.truthSizes.entrySet()) {
			int match = 0, best = 0;
			for (final Map.Entry<Long, Integer> e : o.pairs.entrySet()) {
				if ((int) (e.getKey() >> 32) != g.getKey()) continue;
				final int q = (int) (long) e.getKey();
				if (e.getValue() > best || e.getValue() == best && q < match) {
					best = e.getValue();
					match = q;
				}
			}
			if (match != 0) {
				matched.add(match);
				sum += 2.0 * best / (g.getValue() + o.predictedSizes.get(match));
			}
		}
		final int unmatched = (int) o.predictedSizes.keySet().stream().filter(q -> !matched.contains(q)).count();
		return sum / (o.truthSizes.size() + unmatched);
	}

	/**
	 * One-to-one matching of predicted and ground-truth instances at an IoU above
	 * {@code threshold} (0.5 and above makes the matching unique).
	 */
	public static Matching matching(final RandomAccessibleInterval<? extends RealType<?>> predictedInstances,
		final RandomAccessibleInterval<? extends RealType<?>> truth, final double threshold)
	{
		if (threshold < 0.5) throw new IllegalArgumentException("Matching needs an IoU threshold of at least 0.5.");
		final Overlaps o = new Overlaps(predictedInstances, truth);
		int truePositives = 0;
		double iouSum = 0;
		for (final Map.Entry<Long, Integer> e : o.pairs.entrySet()) {
			final int g = (int) (e.getKey() >> 32), q = (int) (long) e.getKey();
			final double iou = e.getValue() / (double) (o.truthSizes.get(g) + o.predictedSizes.get(q) - e.getValue());
			if (iou > threshold) {
				truePositives++;
				iouSum += iou;
			}
		}
		return new Matching(truePositives, o.predictedSizes.size() - truePositives, o.truthSizes.size() - truePositives,
			truePositives == 0 ? 0 : iouSum / truePositives);
	}

	/** Counts of a matching and the scores derived from them. */
	public static final class Matching {
		public final int truePositives, falsePositives, falseNegatives;
		/** Mean IoU of the matched pairs. */
		public final double meanMatchedIoU;

		Matching(final int tp, final int fp, final int fn, final double meanMatchedIoU) {
			truePositives = tp;
			falsePositives = fp;
			falseNegatives = fn;
			this.meanMatchedIoU = meanMatchedIoU;
		}

		/** TP / (TP + FP + FN), the Data Science Bowl's "average precision" at one threshold; NaN if all are 0. */
		public double averagePrecision() {
			final int all = truePositives + falsePositives + falseNegatives;
			return all == 0 ? Double.NaN : (double) truePositives / all;
		}

		/** 2 TP / (2 TP + FP + FN); NaN if all are 0. */
		public double f1() {
			final int all = 2 * truePositives + falsePositives + falseNegatives;
			return all == 0 ? Double.NaN : 2.0 * truePositives / all;
		}

		public double precision() {
			return truePositives + falsePositives == 0 ? Double.NaN : (double) truePositives / (truePositives + falsePositives);
		}

		public double recall() {
			return truePositives + falseNegatives == 0 ? Double.NaN : (double) truePositives / (truePositives + falseNegatives);
		}
	}

	/** Sizes of every object and the overlap of every (truth, prediction) pair. */
	private static final class Overlaps {
		final Map<Integer, Integer> truthSizes = new HashMap<>(), predictedSizes = new HashMap<>();
		final Map<Long, Integer> pairs = new HashMap<>();

		Overlaps(final RandomAccessibleInterval<? extends RealType<?>> predicted,
			final RandomAccessibleInterval<? extends RealType<?>> truth)
		{
			checkSizes(predicted, truth);
			final Cursor<? extends RealType<?>> p = Views.flatIterable(predicted).cursor();
			final Cursor<? extends RealType<?>> g = Views.flatIterable(truth).cursor();
			while (p.hasNext()) {
				final int q = (int) p.next().getRealDouble(), t = (int) g.next().getRealDouble();
				if (q != 0) predictedSizes.merge(q, 1, Integer::sum);
				if (t != 0) truthSizes.merge(t, 1, Integer::sum);
				if (q != 0 && t != 0) pairs.merge(((long) t << 32) | q, 1, Integer::sum);
			}
		}
	}

	private static void checkSizes(final RandomAccessibleInterval<?> a, final RandomAccessibleInterval<?> b) {
		if (a.numDimensions() != 2 || !Intervals.equalDimensions(a, b))
			throw new IllegalArgumentException("Prediction and ground truth must be 2D images of the same size.");
	}

	private static int[] read(final RandomAccessibleInterval<? extends RealType<?>> image, final int size) {
		final int[] values = new int[size];
		final Cursor<? extends RealType<?>> c = Views.flatIterable(image).cursor();
		for (int i = 0; i < size; i++)
			values[i] = (int) c.next().getRealDouble();
		return values;
	}
}
