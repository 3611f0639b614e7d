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
	/** The weighted sum of the loss terms, e.g. {@code L_total = L_sp + lambda * L_up}. */
	public final double totalLoss;
	/** The total and each term of the objective by name (a term that does not apply to the step is 0). */
	public final LossValues losses;
	/** Whether pseudo-labels were used (warm-up is over). */
	public final boolean pseudoLabels;
	/** Training crops per second so far, ensemble time excluded. */
	public final double cropsPerSecond;

	StepProgress(final int step, final long cropsSeen, final long totalCrops, final double epoch, final double learningRate,
		final LossValues losses, final boolean pseudoLabels,
		final double cropsPerSecond)
	{
		this.step = step;
		this.cropsSeen = cropsSeen;
		this.totalCrops = totalCrops;
		this.epoch = epoch;
		this.learningRate = learningRate;
		this.totalLoss = losses.total();
		this.losses = losses;
		this.pseudoLabels = pseudoLabels;
		this.cropsPerSecond = cropsPerSecond;
	}
}
