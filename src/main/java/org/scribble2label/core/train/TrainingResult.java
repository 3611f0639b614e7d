package org.scribble2label.core.train;

import org.scribble2label.core.model.Scribble2LabelModel;

/** A trained model and how its training went. */
public final class TrainingResult {

	private final Scribble2LabelModel model;
	private final TrainingSummary summary;

	TrainingResult(final Scribble2LabelModel model, final TrainingSummary summary) {
		this.model = model;
		this.summary = summary;
	}

	/** The model; the caller owns it and closes it. */
	public Scribble2LabelModel model() {
		return model;
	}

	public TrainingSummary summary() {
		return summary;
	}
}
