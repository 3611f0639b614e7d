package org.scribble2label.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * The regularised loss of rLoss (Tang et al., "On Regularized Losses for Weakly-supervised CNN
 * Segmentation", ECCV 2018): a relaxed Potts CRF on the softmax {@code P}, which costs every
 * pair of pixels {@code i, j} that the network puts in different classes, the more the more
 * alike the two pixels look:
 *
 * <pre>
 * R(P) = sum_{i,j} W_ij (1 - sum_k P_ik P_jk),
 * W_ij = exp(-|x_i - x_j|^2 / (2 sigma_xy^2)) * exp(-|I_i - I_j|^2 / (2 sigma_I^2))
 * </pre>
 *
 * On a CPU the dense sum over all pairs is out of reach; as in the gated CRF loss (Obukhov et
 * al., 2019) the pairs are limited to a local neighbourhood, here a sparse star of offsets 1,
 * 2 and 4 pixels in the four directions (each unordered pair once), which reaches 4 pixels for
 * the cost of 12 shifts. Pairs that fall outside the crop are left out.
 * <p>
 * Intensities are the network's input (percentile-normalised per channel, so that 0 to 1 spans
 * the image's dynamic range): {@code sigma_I} is in those units, and the paper's 15 grey
 * values of 255 correspond to about 0.06. The sum is divided by the sum of the spatial weights
 * of all pairs, so that the term is a weighted mean over pairs in [0, 1]: 0 for a prediction
 * that is certain and changes class only across strong edges, 0.5 for two classes at 50% on a
 * flat image.
 */
public final class EdgeAwareCrfLoss implements LossTerm {

	/** Offsets (dy, dx) of the neighbourhood, one of each symmetric pair. */
	private static final int[][] OFFSETS;

	static {
		final int[][] directions = { { 0, 1 }, { 1, 0 }, { 1, 1 }, { 1, -1 } };
		final int[] steps = { 1, 2, 4 };
		OFFSETS = new int[directions.length * steps.length][];
		int i = 0;
		for (final int step : steps)
			for (final int[] d : directions)
				OFFSETS[i++] = new int[] { d[0] * step, d[1] * step };
	}

	/** The defaults: sigma_xy 5 pixels (the window's reach), sigma_I 0.1 of the normalised range. */
	public static final double DEFAULT_SIGMA_XY = 5, DEFAULT_SIGMA_INTENSITY = 0.1;

	private final double sigmaXY;
	private final double sigmaIntensity;

	public EdgeAwareCrfLoss() {
		this(DEFAULT_SIGMA_XY, DEFAULT_SIGMA_INTENSITY);
	}

	public EdgeAwareCrfLoss(final double sigmaXY, final double sigmaIntensity) {
		if (!(sigmaXY > 0) || !(sigmaIntensity > 0) || Double.isInfinite(sigmaXY) || Double.isInfinite(sigmaIntensity))
			throw new IllegalArgumentException("The CRF's sigmas must be finite and > 0, got " + sigmaXY + " and " + sigmaIntensity);
		this.sigmaXY = sigmaXY;
		this.sigmaIntensity = sigmaIntensity;
	}

	@Override
	public String name() {
		return "crf";
	}

	@Override
	public NDArray evaluate(final BatchArrays batch, final NDArray logits) {
		final NDArray probabilities = logits.softmax(1);
		// Two classes: 1 - (p_i p_j + (1 - p_i)(1 - p_j)) = p_i + p_j - 2 p_i p_j on the foreground
		// probability alone, half the arithmetic of the general form.
		final NDArray foreground = logits.getShape().get(1) == 2 ? probabilities.get(":, 1") : null;
		final long n = logits.getShape().get(0), h = logits.getShape().get(2), w = logits.getShape().get(3);
		final double intensityScale = -1 / (2 * sigmaIntensity * sigmaIntensity);
		double spatialTotal = 0;
		NDArray total = null;
		for (final int[] offset : OFFSETS) {
			final int dy = offset[0], dx = offset[1];
			final double spatial = Math.exp(-(dy * dy + dx * dx) / (2 * sigmaXY * sigmaXY));
			spatialTotal += spatial * (h - Math.abs(dy)) * (w - Math.abs(dx));
			// Pixel i in "from", its partner j = i + (dy, dx) in "to"; both inside the crop.
			final Window from = new Window(h, w, dy, dx, false), to = new Window(h, w, dy, dx, true);
			final NDArray difference = batch.images.get(from.ofChannels()).sub(batch.images.get(to.ofChannels()));
			final NDArray affinity = difference.square().sum(new int[] { 1 }).mul((float) intensityScale).exp().mul((float) spatial);
			final NDArray disagreement;
			if (foreground != null) {
				final NDArray pi = foreground.get(from.ofPlane()), pj = foreground.get(to.ofPlane());
				disagreement = pi.add(pj).sub(pi.mul(pj).mul(2f));
			}
			else {
				disagreement = probabilities.get(from.ofChannels()).mul(probabilities.get(to.ofChannels())).sum(new int[] { 1 }).neg().add(1f);
			}
			final NDArray cost = affinity.mul(disagreement).sum();
			total = total == null ? cost : total.add(cost);
		}
		return total.div((float) (n * spatialTotal));
	}

	/** The pixels whose partner at (dy, dx) lies inside an h x w crop, or those partners. */
	private static final class Window {
		final long y0, y1, x0, x1;

		Window(final long h, final long w, final int dy, final int dx, final boolean partner) {
			y0 = Math.max(0, -dy) + (partner ? dy : 0);
			x0 = Math.max(0, -dx) + (partner ? dx : 0);
			y1 = y0 + h - Math.abs(dy);
			x1 = x0 + w - Math.abs(dx);
		}

		/** Of an (N, C, H, W) array. */
		NDIndex ofChannels() {
			return new NDIndex(":, :, {}:{}, {}:{}", y0, y1, x0, x1);
		}

		/** Of an (N, H, W) array. */
		NDIndex ofPlane() {
			return new NDIndex(":, {}:{}, {}:{}", y0, y1, x0, x1);
		}
	}
}
