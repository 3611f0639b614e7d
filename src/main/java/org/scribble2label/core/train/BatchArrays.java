package org.scribble2label.core.train;

import ai.djl.ndarray.NDArray;

/**
 * The batch of one training step on the engine: what {@link LossTerm}s and
 * {@link PseudoLabelStrategy pseudo-label strategies} see. Weights are per pixel and sum to 1
 * over the batch for each kind of label, so a weighted sum is an average.
 */
public final class BatchArrays {

	/** (N, C, S, S) normalised, augmented crops. */
	public final NDArray images;
	/** (N, S, S) class index per pixel, INT64; any valid class where no weight selects the pixel. */
	public final NDArray target;
	/** (N, S, S) weights of the scribbled pixels, 0 elsewhere. */
	public final NDArray scribbleWeights;
	/** (N, S, S) weights of the pseudo-labelled pixels, 0 elsewhere; null when this step has no pseudo-labels. */
	public final NDArray pseudoWeights;

	private NDArray crossEntropyLogits;
	private NDArray crossEntropy;

	public BatchArrays(final NDArray images, final NDArray target, final NDArray scribbleWeights, final NDArray pseudoWeights) {
		this.images = images;
		this.target = target;
		this.scribbleWeights = scribbleWeights;
		this.pseudoWeights = pseudoWeights;
	}

	/** This batch with other targets and pseudo-label weights (scribbled pixels keep their class). */
	public BatchArrays withPseudoLabels(final NDArray newTarget, final NDArray newPseudoWeights) {
		return new BatchArrays(images, newTarget, scribbleWeights, newPseudoWeights);
	}

	/**
	 * {@code -log softmax(logits)[target]} per pixel, (N, S, S). Computed once per step and shared
	 * by the terms that weigh it, so that their gradients flow through one graph.
	 */
	public NDArray pixelCrossEntropy(final NDArray logits) {
		if (crossEntropyLogits != logits) {
			crossEntropy = logits.logSoftmax(1).gather(target.expandDims(1), 1).squeeze(1).neg();
			crossEntropyLogits = logits;
		}
		return crossEntropy;
	}
}
