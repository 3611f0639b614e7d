package org.scribble2label.core.train;

import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

/** One update of the prediction ensemble. */
public final class EnsembleProgress {

	/** 1-based update number. */
	public final int update;
	public final long cropsSeen;
	/** Whether warm-up is over, i.e. the next steps use pseudo-labels. */
	public final boolean pseudoLabelsActive;
	/** Fraction of unscribbled pixels whose averaged prediction exceeds tau. */
	public final double coverage;
	/** Seconds this update took. */
	public final double seconds;
	/** Share of the wall time spent so far on ensemble predictions. */
	public final double ensembleShare;
	/**
	 * The averaged class probabilities of every training image, (X, Y, classes), backed by the
	 * live arrays: valid during the call only, copy what you keep.
	 */
	public final List<Img<FloatType>> averages;
	/** The consistency threshold, to derive pseudo-labels from {@link #averages}. */
	public final double tau;

	EnsembleProgress(final int update, final long cropsSeen, final boolean pseudoLabelsActive, final double coverage,
		final double seconds, final double ensembleShare, final List<Img<FloatType>> averages, final double tau)
	{
		this.update = update;
		this.cropsSeen = cropsSeen;
		this.pseudoLabelsActive = pseudoLabelsActive;
		this.coverage = coverage;
		this.seconds = seconds;
		this.ensembleShare = ensembleShare;
		this.averages = averages;
		this.tau = tau;
	}
}
