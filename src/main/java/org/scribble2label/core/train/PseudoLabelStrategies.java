package org.scribble2label.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;

import org.scribble2label.core.TrainingConfig;

/** The pseudo-label strategies of the paper's comparison, and the one a configuration names. */
public final class PseudoLabelStrategies {

	private PseudoLabelStrategies() {}

	/** The strategy {@link TrainingConfig#pseudoLabels()} names. */
	public static PseudoLabelStrategy of(final TrainingConfig config) {
		switch (config.pseudoLabels()) {
			case ENSEMBLE:
				return ensemble();
			case CURRENT_PREDICTION:
				return currentPrediction(config.tau());
			case NONE:
				return none();
			default:
				throw new IllegalArgumentException("Unknown pseudo-labels " + config.pseudoLabels());
		}
	}

	/**
	 * Scribble2Label: the exponential moving average of whole-image predictions, updated every
	 * ensemble period, thresholded at tau (consistency over time). Starts after the first pass.
	 */
	public static PseudoLabelStrategy ensemble() {
		return new PseudoLabelStrategy() {
			@Override
			public boolean needsEnsemble() {
				return true;
			}

			@Override
			public PixelLabels pixelLabels(final PredictionEnsemble ensemble) {
				return ensemble.updates() > 0 ? ensemble : null;
			}

			@Override
			public String describe() {
				return "pseudo-labels from the prediction ensemble";
			}
		};
	}

	/**
	 * The naive "Pseudo-Label" baseline: unscribbled pixels whose most probable class in the
	 * current network's own prediction of the crop exceeds tau take that class. No averaging,
	 * no ensemble passes.
	 */
	public static PseudoLabelStrategy currentPrediction(final double tau) {
		final float threshold = (float) tau;
		return new PseudoLabelStrategy() {
			@Override
			public boolean labelsFromPrediction() {
				return true;
			}

			@Override
			public BatchArrays fromPrediction(final BatchArrays batch, final NDArray logits) {
				final NDArray probabilities = logits.softmax(1).stopGradient();
				final NDArray selected = probabilities.max(new int[] { 1 }).gt(threshold).logicalAnd(batch.scribbleWeights.eq(0));
				final long count = selected.sum().toType(DataType.INT64, false).getLong();
				final NDArray weights = selected.toType(DataType.FLOAT32, false).div(Math.max(1, count));
				return batch.withPseudoLabels(NDArrays.where(selected, probabilities.argMax(1), batch.target), weights);
			}

			@Override
			public String describe() {
				return "pseudo-labels from the current prediction";
			}
		};
	}

	/** No pseudo-labels: the scribble loss (partial cross-entropy) alone, whatever the warm-up. */
	public static PseudoLabelStrategy none() {
		return new PseudoLabelStrategy() {
			@Override
			public boolean labelsPixels() {
				return false;
			}

			@Override
			public String describe() {
				return "scribble loss only";
			}
		};
	}
}
