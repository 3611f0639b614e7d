package org.scribble2label.fiji;

import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.SciJavaService;
import org.scijava.service.Service;

import org.scribble2label.core.train.TrainingEnsemble;

/**
 * What the Scribble2Label commands share in one Fiji session: the final prediction ensemble of
 * the last finished training (for "Where to Scribble Next"), and a count of ensemble updates.
 */
@Plugin(type = Service.class)
public final class Scribble2LabelService extends AbstractService implements SciJavaService {

	/** The last finished training: on which image, which of its slices, and its final ensemble. */
	public static final class LastTraining {
		/** ImageJ's ID of the trained image (unique in a session), and its title for messages. */
		public final int imageId;
		public final String imageTitle;
		/** The slice (from 1) of each training image, in the ensemble's order. */
		private final int[] slices;
		public final TrainingEnsemble ensemble;

		LastTraining(final int imageId, final String imageTitle, final int[] slices, final TrainingEnsemble ensemble) {
			if (slices.length != ensemble.images())
				throw new IllegalArgumentException(slices.length + " slices for " + ensemble.images() + " training images");
			this.imageId = imageId;
			this.imageTitle = imageTitle;
			this.slices = slices.clone();
			this.ensemble = ensemble;
		}

		/** The ensemble's index of a slice (from 1), or -1 when that slice was not trained on. */
		public int indexOfSlice(final int slice) {
			for (int i = 0; i < slices.length; i++)
				if (slices[i] == slice) return i;
			return -1;
		}
	}

	private volatile LastTraining last;
	private final java.util.concurrent.atomic.AtomicInteger ensembleUpdates = new java.util.concurrent.atomic.AtomicInteger();

	/** Keeps the final ensemble of a finished training, handed over by its result. */
	public void remember(final int imageId, final String imageTitle, final int[] slices, final TrainingEnsemble ensemble) {
		last = new LastTraining(imageId, imageTitle, slices, ensemble);
	}

	/** The last finished training with an ensemble, or null when none in this session. */
	public LastTraining lastTraining() {
		return last;
	}

	/** Ensemble updates of all trainings in this session so far: a change means pseudo-labelling has begun. */
	public int ensembleUpdates() {
		return ensembleUpdates.get();
	}

	void ensembleUpdated() {
		ensembleUpdates.incrementAndGet();
	}
}
