package org.scribble2label.core.train;

import org.scribble2label.core.NonFiniteException;

/**
 * The training produced a NaN or infinite loss, gradient or weight. It is stopped and nothing of
 * it is kept: a model with such weights predicts nothing but background.
 */
public final class TrainingDivergedException extends NonFiniteException {

	private static final long serialVersionUID = 1L;

	TrainingDivergedException(final String what, final int step, final double learningRate) {
		super(String.format("The training diverged at step %d: %s became NaN or infinite, so it was stopped and " +
			"no model is kept. Try a lower learning rate (it was %.2g), or a network width of at least 16. %s", step, what,
			learningRate, ENGINE_ADVICE));
	}
}
