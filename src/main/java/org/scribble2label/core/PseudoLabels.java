package org.scribble2label.core;

/** Where the pseudo-labels of unscribbled pixels come from after warm-up. */
public enum PseudoLabels {
	/**
	 * Scribble2Label: the exponential moving average of whole-image predictions, updated every
	 * ensemble period (consistency over time).
	 */
	ENSEMBLE,
	/**
	 * The naive "Pseudo-Label" baseline of the paper's comparison: the current network's own
	 * prediction of the current crop, thresholded at tau, without averaging. No ensemble passes.
	 */
	CURRENT_PREDICTION,
	/** None: the scribble loss alone (partial cross-entropy), whatever the warm-up. */
	NONE
}
