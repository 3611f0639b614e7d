package org.scribble2label.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.scribble2label.core.metrics.BorderErrors;
import org.scribble2label.core.train.EnsembleProgress;
import org.scribble2label.core.train.TrainingListener;

/**
 * How right the pseudo-labels are, pass by pass, measured against the train masks: a diagnostic
 * of the benchmark only (the masks never reach the training). For each ensemble pass: the share
 * of unscribbled pixels labelled, the precision of the foreground and background pseudo-labels,
 * and what became of the true foreground (labelled foreground, labelled background, left out).
 * Class 0 is background; every other class counts as foreground.
 */
final class PseudoLabelQuality implements TrainingListener {

	/** Counts over the unscribbled pixels of all training images at one pass. */
	static final class Counts {
		long foregroundRight, foregroundWrong, backgroundRight, backgroundWrong, unsureForeground, unsureBackground;
		/** The wrong pseudo-labels: on a true border or away from one. */
		final BorderErrors errors = new BorderErrors();

		double coverage() {
			final long labelled = foregroundRight + foregroundWrong + backgroundRight + backgroundWrong;
			return ratio(labelled, labelled + unsureForeground + unsureBackground);
		}

		double foregroundPrecision() {
			return ratio(foregroundRight, foregroundRight + foregroundWrong);
		}

		double backgroundPrecision() {
			return ratio(backgroundRight, backgroundRight + backgroundWrong);
		}

		/** Share of the true foreground that got a foreground pseudo-label. */
		double foregroundFound() {
			return ratio(foregroundRight, foregroundRight + backgroundWrong + unsureForeground);
		}

		/** Share of the true foreground that got a background pseudo-label. */
		double foregroundLost() {
			return ratio(backgroundWrong, foregroundRight + backgroundWrong + unsureForeground);
		}

		private static double ratio(final long a, final long b) {
			return b == 0 ? Double.NaN : (double) a / b;
		}
	}

	private final PrintStream out;
	private final List<boolean[]> foreground = new ArrayList<>();
	private final List<boolean[]> borders = new ArrayList<>();
	private final List<short[]> scribbles;

	/**
	 * @param truths the train masks (0 = background), in the order of the training images
	 * @param scribbles per image, per pixel: 0 = unlabelled, c + 1 = class c
	 */
	PseudoLabelQuality(final PrintStream out, final List<? extends RandomAccessibleInterval<? extends RealType<?>>> truths,
		final List<short[]> scribbles)
	{
		this.out = out;
		this.scribbles = scribbles;
		for (final RandomAccessibleInterval<? extends RealType<?>> truth : truths) {
			final boolean[] f = new boolean[(int) (truth.dimension(0) * truth.dimension(1))];
			final Cursor<? extends RealType<?>> c = Views.flatIterable(truth).cursor();
			for (int i = 0; i < f.length; i++)
				f[i] = c.next().getRealDouble() != 0;
			foreground.add(f);
			borders.add(BorderErrors.nearBorder(f, (int) truth.dimension(0), (int) truth.dimension(1), BorderErrors.RADIUS));
		}
	}

	/** The counts of one pass: its averaged class probabilities and tau. */
	Counts measure(final List<Img<FloatType>> averages, final double tau) {
		final Counts n = new Counts();
		final float threshold = (float) tau;
		for (int image = 0; image < averages.size(); image++) {
			final Img<FloatType> average = averages.get(image);
			final int w = (int) average.dimension(0), classes = (int) average.dimension(2);
			final boolean[] truth = foreground.get(image);
			final short[] scribbled = scribbles.get(image);
			final RandomAccess<FloatType> a = average.randomAccess();
			final boolean[] labelled = new boolean[truth.length], labelledForeground = new boolean[truth.length];
			for (int p = 0; p < truth.length; p++) {
				if (scribbled[p] != 0) continue;
				int best = 0;
				float max = -1;
				for (int c = 0; c < classes; c++) {
					final float v = a.setPositionAndGet(p % w, p / w, c).get();
					if (v > max) {
						max = v;
						best = c;
					}
				}
				// The trainer's rule (PredictionEnsemble): a pseudo-label where the largest average exceeds tau.
				if (!(max > threshold)) {
					if (truth[p]) n.unsureForeground++;
					else n.unsureBackground++;
					continue;
				}
				labelled[p] = true;
				labelledForeground[p] = best > 0;
				if (best > 0) {
					if (truth[p]) n.foregroundRight++;
					else n.foregroundWrong++;
				}
				else if (truth[p]) n.backgroundWrong++;
				else n.backgroundRight++;
			}
			n.errors.add(truth, borders.get(image), labelledForeground, labelled);
		}
		return n;
	}

	@Override
	public void ensembleUpdated(final EnsembleProgress pass) {
		final Counts n = measure(pass.averages, pass.tau);
		out.printf(Locale.ROOT,
			"  pseudo-labels at pass %d (%d crops), against the train masks: %.1f%% labelled; foreground precision %.3f, " +
				"background precision %.4f; true foreground: %.1f%% labelled foreground, %.1f%% background; " +
				"wrong pseudo-labels: %.1f%% within %d px of a true border%n",
			pass.update, pass.cropsSeen, 100 * n.coverage(), n.foregroundPrecision(), n.backgroundPrecision(),
			100 * n.foregroundFound(), 100 * n.foregroundLost(), 100 * n.errors.onBorder(), BorderErrors.RADIUS);
	}
}
