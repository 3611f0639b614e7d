package org.scribble2label.core.train;

import java.util.List;

/**
 * The per-pixel exponential moving average of whole-image predictions ("prediction
 * ensemble") and the pseudo-labels derived from it.
 * <p>
 * {@code y_0 = f(x)} (the first prediction; a zero start could not exceed {@code tau} after a
 * short warm-up), then {@code y_n = alpha * f(x) + (1 - alpha) * y_(n-1)} for every pixel.
 * An unscribbled pixel gets the pseudo-label of its most probable averaged class when that
 * probability exceeds {@code tau} (for two classes: {@code max(y, 1 - y) > tau}); scribbled
 * pixels never get a pseudo-label.
 */
public final class PredictionEnsemble implements PixelLabels {

	private final int classes;
	private final double alpha;
	private final float tau;
	private final int[] planeSizes;
	private final List<short[]> scribbles;
	private final float[][][] averages;
	private int updates;

	/**
	 * @param scribbles per image, per pixel: 0 = unlabelled, c + 1 = class c
	 * @param planeSizes pixels per image
	 */
	public PredictionEnsemble(final int classes, final double alpha, final double tau, final List<short[]> scribbles,
		final int[] planeSizes)
	{
		this.classes = classes;
		this.alpha = alpha;
		// Compared in float, the precision of the averages: 0.8f is not above tau = 0.8.
		this.tau = (float) tau;
		this.scribbles = scribbles;
		this.planeSizes = planeSizes.clone();
		this.averages = new float[planeSizes.length][][];
	}

	/**
	 * Folds one prediction of image {@code index} (one probability plane per class) into its
	 * average.
	 */
	public void update(final int index, final float[][] prediction) {
		if (prediction.length != classes || prediction[0].length != planeSizes[index])
			throw new IllegalArgumentException("Prediction of image " + index + " has the wrong size");
		if (averages[index] == null) {
			averages[index] = new float[classes][];
			for (int c = 0; c < classes; c++)
				averages[index][c] = prediction[c].clone();
			return;
		}
		final float a = (float) alpha, b = (float) (1 - alpha);
		for (int c = 0; c < classes; c++) {
			final float[] average = averages[index][c], p = prediction[c];
			for (int i = 0; i < average.length; i++)
				average[i] = a * p[i] + b * average[i];
		}
	}

	/** Marks the end of one ensemble pass over all images. */
	public void passFinished() {
		updates++;
	}

	/** Number of finished ensemble passes. */
	public int updates() {
		return updates;
	}

	/** The averaged probabilities of an image (one plane per class), or null before its first update. */
	public float[][] average(final int index) {
		return averages[index];
	}

	/** The pseudo-label class of pixel {@code pixel} of image {@code index}, or {@link #NONE}. */
	@Override
	public int pseudoLabel(final int index, final int pixel) {
		final float[][] average = averages[index];
		if (average == null || scribbles.get(index)[pixel] != 0) return NONE;
		int best = 0;
		float max = average[0][pixel];
		for (int c = 1; c < classes; c++) {
			final float p = average[c][pixel];
			if (p > max) {
				max = p;
				best = c;
			}
		}
		return max > tau ? best : NONE;
	}

	/** Fraction of unscribbled pixels of all images that currently get a pseudo-label. */
	public double coverage() {
		long covered = 0, unlabelled = 0;
		for (int index = 0; index < averages.length; index++) {
			final short[] s = scribbles.get(index);
			for (int p = 0; p < planeSizes[index]; p++) {
				if (s[p] != 0) continue;
				unlabelled++;
				if (pseudoLabel(index, p) != NONE) covered++;
			}
		}
		return unlabelled == 0 ? 0 : (double) covered / unlabelled;
	}

	public int classes() {
		return classes;
	}
}
