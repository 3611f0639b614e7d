package org.scribble2label.core.train;

/**
 * Receives the progress of a training, on the training thread: keep the methods short and
 * hand work to another thread (a user interface updates itself on its own thread).
 */
public interface TrainingListener {

	/** The data is prepared and the network built; training starts. */
	default void started(final TrainingStart start) {}

	/** After every optimisation step. */
	default void stepFinished(final StepProgress step) {}

	/** Each time an epoch (one pass over the training pixels) is complete. */
	default void epochFinished(final EpochProgress epoch) {}

	/** After every update of the prediction ensemble. */
	default void ensembleUpdated(final EnsembleProgress ensemble) {}

	/** At the end, whatever the outcome. */
	default void finished(final TrainingSummary summary) {}
}
