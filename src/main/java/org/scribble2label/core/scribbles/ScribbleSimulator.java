package org.scribble2label.core.scribbles;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;

import org.scribble2label.core.Scribbles;
import org.scribble2label.core.TrainingImage;
import org.scribble2label.core.instance.ConnectedComponents;
import org.scribble2label.core.instance.ConnectedComponents.Connectivity;

/**
 * Simulated scribbles from full instance masks, as in the Scribble2Label paper (Lee and Jeong,
 * MICCAI 2020, Table 2: 10/30/50/100 % scribbles), so benchmarks can train on the same kind of
 * sparse labels as the paper. It follows the official code step by step:
 * <ol>
 * <li>skeletonise the foreground M = (label &gt; 0) and the background (its complement);</li>
 * <li>cut the background skeleton into segments: erase the 3x3 neighbourhood of every Harris
 * corner peak of the background skeleton image (k = 0.05, σ = 1, min distance 5, threshold_rel
 * 0.1, border excluded), which removes its junctions and corners;</li>
 * <li>take the n_fg 8-connected components of the foreground skeleton (one per object or cluster
 * of touching objects) and keep K = n_fg − floor(n_fg (1 − r)) of them, chosen uniformly at
 * random;</li>
 * <li>take the n_bg 8-connected background segments and keep K of them (all, with a warning, when
 * there are fewer: the official script would fail there);</li>
 * <li>write kept background segments as background (1), then kept foreground skeletons as
 * foreground (2).</li>
 * </ol>
 * Scribbles are 1 pixel wide, not dilated. Randomness is seeded (the official script used
 * Python's unseeded {@code random}), so the same inputs and seed give the same scribbles.
 */
public final class ScribbleSimulator {

	/** Harris parameters of the official code (scikit-image defaults: method "k"). */
	static final double HARRIS_K = 0.05, HARRIS_SIGMA = 1;

	/** Peak parameters of the official code ({@code corner_peaks(min_distance=5)}, threshold_rel 0.1). */
	static final int PEAK_MIN_DISTANCE = 5;
	static final double PEAK_THRESHOLD_REL = 0.1;

	/** Scribble values in the engine's coding ({@link Scribbles}). */
	private static final short BACKGROUND_VALUE = TrainingImage.BACKGROUND, FOREGROUND_VALUE = TrainingImage.BACKGROUND + 1;

	private ScribbleSimulator() {}

	/** Simulated scribbles and the counts behind them. */
	public static final class Result {

		private final Scribbles scribbles;
		private final int foregroundComponents, backgroundSegments, keptForeground, keptBackground, corners;

		Result(final Scribbles scribbles, final int foregroundComponents, final int backgroundSegments,
			final int keptForeground, final int keptBackground, final int corners)
		{
			this.scribbles = scribbles;
			this.foregroundComponents = foregroundComponents;
			this.backgroundSegments = backgroundSegments;
			this.keptForeground = keptForeground;
			this.keptBackground = keptBackground;
			this.corners = corners;
		}

		/** The scribbles: 1 = background, 2 = foreground, 0 = unlabelled. */
		public Scribbles scribbles() {
			return scribbles;
		}

		/** n_fg: 8-connected components of the foreground skeleton. */
		public int foregroundComponents() {
			return foregroundComponents;
		}

		/** n_bg: 8-connected segments of the background skeleton after cutting it at the corners. */
		public int backgroundSegments() {
			return backgroundSegments;
		}

		/** K: foreground components kept (= n_fg − floor(n_fg (1 − r))). */
		public int keptForeground() {
			return keptForeground;
		}

		/** Background segments kept: K, or n_bg when there are fewer. */
		public int keptBackground() {
			return keptBackground;
		}

		/** Harris corner peaks that cut the background skeleton. */
		public int corners() {
			return corners;
		}

		@Override
		public String toString() {
			final long[] counts = scribbles.counts();
			final long pixels = scribbles.labels().size();
			return String.format(Locale.ROOT,
				"n_fg %d, n_bg %d, kept %d fg / %d bg, %d corners; labelled %.3f %% (fg %d px, bg %d px)",
				foregroundComponents, backgroundSegments, keptForeground, keptBackground, corners,
				100.0 * (counts[1] + counts[2]) / pixels, counts[2], counts[1]);
		}
	}

	/**
	 * Simulated scribbles for a 2D instance label image.
	 *
	 * @param instances (X, Y) instance labels, 0 = background, any positive value = an object
	 * @param ratio r in (0, 1]: the fraction of objects (foreground skeleton components) that get a scribble
	 * @param seed seed of the random choice of components
	 */
	public static Scribbles simulate(final RandomAccessibleInterval<? extends IntegerType<?>> instances,
		final double ratio, final long seed)
	{
		return simulateWithCounts(instances, ratio, seed).scribbles();
	}

	/** As {@link #simulate}, with the component counts (for benchmark reports). */
	public static Result simulateWithCounts(final RandomAccessibleInterval<? extends IntegerType<?>> instances,
		final double ratio, final long seed)
	{
		if (instances.numDimensions() != 2)
			throw new IllegalArgumentException("Scribble simulation needs a 2D instance label image, not " +
				instances.numDimensions() + "D.");
		if (!(ratio > 0 && ratio <= 1))
			throw new IllegalArgumentException("The scribble ratio must be in (0, 1], not " + ratio + ".");
		if (instances.dimension(0) * instances.dimension(1) > Integer.MAX_VALUE / 2)
			throw new IllegalArgumentException("The image is too large for scribble simulation.");
		final int w = (int) instances.dimension(0), h = (int) instances.dimension(1);
		final boolean[] foreground = new boolean[w * h], background = new boolean[w * h];
		final Cursor<? extends IntegerType<?>> c = Views.flatIterable(instances).cursor();
		for (int i = 0; i < foreground.length; i++) {
			foreground[i] = c.next().getIntegerLong() > 0;
			background[i] = !foreground[i];
		}

		final boolean[] foregroundSkeleton = Skeletonize.skeletonize(foreground, w, h);
		final boolean[] backgroundSkeleton = Skeletonize.skeletonize(background, w, h);
		final int[] corners = HarrisCorners.peaks(HarrisCorners.response(backgroundSkeleton, w, h, HARRIS_K,
			HARRIS_SIGMA), w, h, PEAK_MIN_DISTANCE, PEAK_THRESHOLD_REL);
		eraseNeighbourhoods(backgroundSkeleton, w, h, corners);

		final int[] foregroundLabels = new int[w * h], backgroundLabels = new int[w * h];
		final int nFg = ConnectedComponents.label(foregroundSkeleton, w, h, Connectivity.EIGHT, foregroundLabels);
		final int nBg = ConnectedComponents.label(backgroundSkeleton, w, h, Connectivity.EIGHT, backgroundLabels);
		// Same arithmetic as the official int(n_fg * (1 - ratio)) in double precision.
		final int kept = nFg - (int) Math.floor(nFg * (1 - ratio));
		final List<String> warnings = new ArrayList<>();
		if (nFg == 0) warnings.add("The instance mask has no objects: no scribbles were simulated.");
		final int keptBackground = Math.min(kept, nBg);
		if (nBg < kept) warnings.add(String.format(Locale.ROOT, "Only %d background segment(s) for %d foreground " +
			"scribble(s): all background segments are kept.", nBg, kept));

		final SplittableRandom random = new SplittableRandom(seed);
		final boolean[] keepForeground = chooseSubset(nFg, kept, random);
		final boolean[] keepBackground = chooseSubset(nBg, keptBackground, random);
		final short[] out = new short[w * h];
		for (int i = 0; i < out.length; i++)
			if (keepBackground[backgroundLabels[i]]) out[i] = BACKGROUND_VALUE;
		// Foreground last, as in the official code (the two never overlap: M and its complement).
		for (int i = 0; i < out.length; i++)
			if (keepForeground[foregroundLabels[i]]) out[i] = FOREGROUND_VALUE;
		final Img<UnsignedShortType> labels = ArrayImgs.unsignedShorts(out, w, h);
		final Scribbles scribbles = new Scribbles(labels, Scribbles.defaultClassNames(2), warnings);
		return new Result(scribbles, nFg, nBg, kept, keptBackground, corners.length);
	}

	/** Clears the 3x3 neighbourhood of each point (clipped to the image). */
	private static void eraseNeighbourhoods(final boolean[] mask, final int w, final int h, final int[] points) {
		for (final int p : points) {
			final int x = p % w, y = p / w;
			for (int sy = Math.max(0, y - 1); sy <= Math.min(h - 1, y + 1); sy++)
				for (int sx = Math.max(0, x - 1); sx <= Math.min(w - 1, x + 1); sx++)
					mask[sy * w + sx] = false;
		}
	}

	/**
	 * A uniformly random subset of size k of the labels 1..n (partial Fisher–Yates shuffle).
	 *
	 * @return flags indexed by label (index 0, the unlabelled value, is never chosen)
	 */
	static boolean[] chooseSubset(final int n, final int k, final SplittableRandom random) {
		final int[] order = new int[n];
		for (int i = 0; i < n; i++)
			order[i] = i + 1;
		final boolean[] chosen = new boolean[n + 1];
		for (int i = 0; i < k; i++) {
			final int j = i + random.nextInt(n - i);
			final int t = order[i];
			order[i] = order[j];
			order[j] = t;
			chosen[order[i]] = true;
		}
		return chosen;
	}
}
