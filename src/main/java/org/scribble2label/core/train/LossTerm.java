package org.scribble2label.core.train;

import ai.djl.ndarray.NDArray;

/**
 * One term of the training objective, in the spirit of DJL's {@code Loss}: it evaluates itself
 * on a batch and reports under its own name, so progress events, the training window and the
 * console show whatever terms a {@link TrainingObjective} holds.
 */
public interface LossTerm {

	/** A short name for progress reports, e.g. "scribble"; unique within an objective. */
	String name();

	/**
	 * @param logits (N, classes, S, S) of this step's forward pass, recording gradients
	 * @return the term as a scalar, or null when it does not apply to this batch (e.g. the
	 *         pseudo-label term during warm-up): it then adds nothing and is reported as 0
	 */
	NDArray evaluate(BatchArrays batch, NDArray logits);
}
