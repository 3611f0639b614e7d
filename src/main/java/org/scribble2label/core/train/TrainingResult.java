package org.scribble2label.core.train;

import org.scribble2label.core.model.Scribble2LabelModel;

/** A trained model and how its training went. */
public final class TrainingResult {

	private final Scribble2LabelModel model;
	private final TrainingSummary summary;
	private final TrainingEnsemble ensemble;

	TrainingResult(final Scribble2LabelModel model, final TrainingSummary summary, final TrainingEnsemble ensemble) {
		this.model = model;
		this.summary = summary;
		this.ensemble = ensemble;
	}

	/** The model; the caller owns it and closes it. */
	public Scribble2LabelModel model() {
		return model;
	}

	public TrainingSummary summary() {
		return summary;
	}

	/** The final prediction ensemble, in the order of the training images; empty when it was never updated. */
	public java.util.Optional<TrainingEnsemble> ensemble() {
		return java.util.Optional.ofNullable(ensemble);
	}
}
