package org.scribble2label.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * The Scribble2Label loss on a batch of logits (N, classes, H, W).
 * <p>
 * {@code L_sp} is the cross-entropy averaged over scribbled pixels only, {@code L_up} the
 * cross-entropy against one-hot pseudo-labels averaged over the pseudo-labelled pixels, and
 * {@code L_total = L_sp + lambda * L_up}. Both averages are over the whole batch; a term with
 * no pixel is 0. The averaging is folded into per-pixel weights ({@code 1 / count} on selected
 * pixels, 0 elsewhere), which the caller computes once while sampling the batch.
 */
public final class ScribbleLoss {

	private ScribbleLoss() {}

	/**
	 * Pseudo-labels from the current prediction itself (the naive baseline, no ensemble):
	 * unscribbled pixels whose most probable class exceeds tau take that class.
	 *
	 * @param logits (N, classes, H, W), from the forward pass of this step
	 * @param target (N, H, W) scribble classes (any class on unscribbled pixels)
	 * @param scribbleWeights (N, H, W), non-zero exactly on scribbled pixels
	 * @return {@code [target with pseudo-labels, pseudo-label weights (1 / count on selected pixels)]}
	 */
	public static NDList currentPredictionPseudoLabels(final NDArray logits, final NDArray target,
		final NDArray scribbleWeights, final float tau)
	{
		final NDArray probabilities = logits.softmax(1).stopGradient();
		final NDArray selected = probabilities.max(new int[] { 1 }).gt(tau).logicalAnd(scribbleWeights.eq(0));
		final long count = selected.sum().toType(ai.djl.ndarray.types.DataType.INT64, false).getLong();
		final NDArray weights = selected.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).div(Math.max(1, count));
		final NDArray merged = ai.djl.ndarray.NDArrays.where(selected, probabilities.argMax(1), target);
		return new NDList(merged, weights);
	}

	/**
	 * @param logits (N, classes, H, W)
	 * @param target (N, H, W) class index per pixel (any valid class where the weights are 0)
	 * @param scribbleWeights (N, H, W): 1 / number of scribbled pixels on scribbled pixels, else 0
	 * @param pseudoWeights (N, H, W) likewise for pseudo-labelled pixels, or null during warm-up
	 * @return {@code [L_total, L_sp, L_up]} as scalars ({@code L_up} is 0 when absent)
	 */
	public static NDList compute(final NDArray logits, final NDArray target, final NDArray scribbleWeights,
		final NDArray pseudoWeights, final float lambda)
	{
		final NDArray negativeLogLikelihood = logits.logSoftmax(1).gather(target.expandDims(1), 1).squeeze(1).neg();
		final NDArray scribbleLoss = negativeLogLikelihood.mul(scribbleWeights).sum();
		if (pseudoWeights == null)
			return new NDList(scribbleLoss, scribbleLoss, scribbleLoss.zerosLike());
		final NDArray pseudoLoss = negativeLogLikelihood.mul(pseudoWeights).sum();
		return new NDList(scribbleLoss.add(pseudoLoss.mul(lambda)), scribbleLoss, pseudoLoss);
	}
}
