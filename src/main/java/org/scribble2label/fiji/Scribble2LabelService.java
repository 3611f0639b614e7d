package org.scribble2label.fiji;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.SciJavaService;
import org.scijava.service.Service;

/**
 * What the Scribble2Label commands share in one Fiji session: the prediction ensemble of the
 * last training (for "Where to Scribble Next").
 */
@Plugin(type = Service.class)
public final class Scribble2LabelService extends AbstractService implements SciJavaService {

	/** The averaged predictions of the last training, per training image. */
	public static final class Ensemble {
		public final List<String> imageNames;
		public final List<Img<FloatType>> averages;
		public final double tau;

		Ensemble(final List<String> imageNames, final List<Img<FloatType>> averages, final double tau) {
			this.imageNames = Collections.unmodifiableList(new ArrayList<>(imageNames));
			this.averages = Collections.unmodifiableList(new ArrayList<>(averages));
			this.tau = tau;
		}
	}

	private volatile Ensemble lastEnsemble;

	/**
	 * Keeps the training's averages. They are its live arrays, updated in place until the training
	 * ends (then they are final): no copy of what may be gigabytes, on every update.
	 */
	public void rememberEnsemble(final List<String> imageNames, final List<Img<FloatType>> averages, final double tau) {
		lastEnsemble = new Ensemble(imageNames, averages, tau);
	}

	/** The ensemble of the last training, or null when none ran in this session. */
	public Ensemble lastEnsemble() {
		return lastEnsemble;
	}
}
