package org.scribble2label.core.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Records every training event, for tests. */
class RecordingListener implements TrainingListener {
	final List<StepProgress> steps = Collections.synchronizedList(new ArrayList<>());
	final List<EnsembleProgress> ensembles = Collections.synchronizedList(new ArrayList<>());
	final List<EpochProgress> epochs = Collections.synchronizedList(new ArrayList<>());
	volatile TrainingStart start;
	volatile TrainingSummary summary;

	@Override
	public void started(final TrainingStart s) {
		start = s;
	}

	@Override
	public void stepFinished(final StepProgress s) {
		steps.add(s);
	}

	@Override
	public void epochFinished(final EpochProgress e) {
		epochs.add(e);
	}

	@Override
	public void ensembleUpdated(final EnsembleProgress e) {
		ensembles.add(e);
	}

	@Override
	public void finished(final TrainingSummary s) {
		summary = s;
	}
}
