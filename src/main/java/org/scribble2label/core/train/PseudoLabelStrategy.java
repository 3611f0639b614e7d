package org.scribble2label.core.train;

import ai.djl.ndarray.NDArray;

/**
 * Where the pseudo-labels of unscribbled pixels come from after warm-up. A strategy gives them
 * at one of two moments: when crops are drawn, as {@link PixelLabels} per training image and
 * pixel (the prediction ensemble; a starter model's prediction or a classical proposal would
 * too), or from the forward pass of the step itself (the naive baseline). The built-in ones are
 * in {@link PseudoLabelStrategies}; a new source is one more implementation, given to
 * {@link Scribble2LabelTrainer#pseudoLabels(PseudoLabelStrategy)}.
 */
public interface PseudoLabelStrategy {

	/** False when training uses the scribbles alone: no pseudo-label phase and no pseudo-label term. */
	default boolean labelsPixels() {
		return true;
	}

	/**
	 * Whether the trainer keeps a {@link PredictionEnsemble} for this strategy: whole images
	 * predicted and averaged every ensemble period.
	 */
	default boolean needsEnsemble() {
		return false;
	}

	/**
	 * The labels to crop with the scribbles for the next step, or null for none.
	 *
	 * @param ensemble the prediction ensemble when {@link #needsEnsemble()}, else null
	 */
	default PixelLabels pixelLabels(final PredictionEnsemble ensemble) {
		return null;
	}

	/** Whether {@link #fromPrediction} labels the batch, after the forward pass of each step. */
	default boolean labelsFromPrediction() {
		return false;
	}

	/**
	 * The batch with pseudo-labels derived from this step's logits (the gradients must not flow
	 * through them). Called only when {@link #labelsFromPrediction()}.
	 */
	default BatchArrays fromPrediction(final BatchArrays batch, final NDArray logits) {
		return batch;
	}

	/** A few words for the schedule's description, e.g. "pseudo-labels from the current prediction". */
	String describe();
}
