package org.scribble2label.core.train;

/** One finished epoch: mean losses over its steps and the state of the run. */
public final class EpochProgress {

	/** 1-based epoch number. */
	public final int epoch;
	public final long cropsSeen;
	public final double meanTotalLoss;
	public final double meanScribbleLoss;
	public final double meanPseudoLabelLoss;
	/** Fraction of unscribbled pixels with a pseudo-label after the latest ensemble update (0 before). */
	public final double pseudoLabelCoverage;
	public final double cropsPerSecond;
	/** Share of the wall time spent so far on ensemble predictions. */
	public final double ensembleShare;
	public final double elapsedSeconds;

	EpochProgress(final int epoch, final long cropsSeen, final double meanTotalLoss, final double meanScribbleLoss,
		final double meanPseudoLabelLoss, final double pseudoLabelCoverage, final double cropsPerSecond,
		final double ensembleShare, final double elapsedSeconds)
	{
		this.epoch = epoch;
		this.cropsSeen = cropsSeen;
		this.meanTotalLoss = meanTotalLoss;
		this.meanScribbleLoss = meanScribbleLoss;
		this.meanPseudoLabelLoss = meanPseudoLabelLoss;
		this.pseudoLabelCoverage = pseudoLabelCoverage;
		this.cropsPerSecond = cropsPerSecond;
		this.ensembleShare = ensembleShare;
		this.elapsedSeconds = elapsedSeconds;
	}
}
