package org.scribble2label.core.train;

/** One optimisation step. Losses are those of this step's batch. */
public final class StepProgress {

	/** 1-based step number. */
	public final int step;
	public final long cropsSeen;
	public final long totalCrops;
	/** Epochs done so far, fractional. */
	public final double epoch;
	public final double learningRate;
	/** {@code L_total = L_sp + lambda * L_up}. */
	public final double totalLoss;
	/** {@code L_sp}, the partial cross-entropy on scribbled pixels. */
	public final double scribbleLoss;
	/** {@code L_up}, the cross-entropy on pseudo-labelled pixels (0 during warm-up). */
	public final double pseudoLabelLoss;
	/** Whether pseudo-labels were used (warm-up is over). */
	public final boolean pseudoLabels;
	/** Training crops per second so far, ensemble time excluded. */
	public final double cropsPerSecond;

	StepProgress(final int step, final long cropsSeen, final long totalCrops, final double epoch, final double learningRate,
		final double totalLoss, final double scribbleLoss, final double pseudoLabelLoss, final boolean pseudoLabels,
		final double cropsPerSecond)
	{
		this.step = step;
		this.cropsSeen = cropsSeen;
		this.totalCrops = totalCrops;
		this.epoch = epoch;
		this.learningRate = learningRate;
		this.totalLoss = totalLoss;
		this.scribbleLoss = scribbleLoss;
		this.pseudoLabelLoss = pseudoLabelLoss;
		this.pseudoLabels = pseudoLabels;
		this.cropsPerSecond = cropsPerSecond;
	}
}
