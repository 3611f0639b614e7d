package org.scribble2label.core.train;

/** One finished epoch: mean losses over its steps and the state of the run. */
public final class EpochProgress {

	/** 1-based epoch number. */
	public final int epoch;
	public final long cropsSeen;
	public final double meanTotalLoss;
	/** The mean of the total and of each loss term over the epoch's steps. */
	public final LossValues meanLosses;
	/** Fraction of unscribbled pixels with a pseudo-label after the latest ensemble update (0 before). */
	public final double pseudoLabelCoverage;
	public final double cropsPerSecond;
	/** Share of the wall time spent so far on ensemble predictions. */
	public final double ensembleShare;
	public final double elapsedSeconds;

	EpochProgress(final int epoch, final long cropsSeen, final LossValues meanLosses, final double pseudoLabelCoverage, final double cropsPerSecond,
		final double ensembleShare, final double elapsedSeconds)
	{
		this.epoch = epoch;
		this.cropsSeen = cropsSeen;
		this.meanTotalLoss = meanLosses.total();
		this.meanLosses = meanLosses;
		this.pseudoLabelCoverage = pseudoLabelCoverage;
		this.cropsPerSecond = cropsPerSecond;
		this.ensembleShare = ensembleShare;
		this.elapsedSeconds = elapsedSeconds;
	}
}
