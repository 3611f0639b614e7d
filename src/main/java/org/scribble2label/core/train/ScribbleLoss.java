package org.scribble2label.core.train;

import java.util.function.Function;

import ai.djl.ndarray.NDArray;

/**
 * The two loss terms of Scribble2Label on a batch of logits (N, classes, H, W).
 * <p>
 * {@code L_sp} is the cross-entropy averaged over scribbled pixels only and {@code L_up} the
 * cross-entropy against one-hot pseudo-labels averaged over the pseudo-labelled pixels. Both
 * averages are over the whole batch; a term with no pixel is 0. The averaging is folded into
 * per-pixel weights (on selected pixels, 0 elsewhere, summing to 1), which the caller computes
 * once while sampling the batch.
 */
public final class ScribbleLoss {

	/** {@code L_sp}, the partial cross-entropy on scribbled pixels. */
	public static final LossTerm SCRIBBLES = new WeightedCrossEntropy("scribble", b -> b.scribbleWeights);
	/** {@code L_up}, the cross-entropy on pseudo-labelled pixels; absent from a batch without pseudo-labels. */
	public static final LossTerm PSEUDO_LABELS = new WeightedCrossEntropy("pseudo-label", b -> b.pseudoWeights);

	private ScribbleLoss() {}

	private static final class WeightedCrossEntropy implements LossTerm {
		private final String name;
		private final Function<BatchArrays, NDArray> weights;

		WeightedCrossEntropy(final String name, final Function<BatchArrays, NDArray> weights) {
			this.name = name;
			this.weights = weights;
		}

		@Override
		public String name() {
			return name;
		}

		@Override
		public NDArray evaluate(final BatchArrays batch, final NDArray logits) {
			final NDArray w = weights.apply(batch);
			return w == null ? null : batch.pixelCrossEntropy(logits).mul(w).sum();
		}
	}
}
