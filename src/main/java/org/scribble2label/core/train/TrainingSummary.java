package org.scribble2label.core.train;

/** How a training ended, with its totals. */
public final class TrainingSummary {

	/** How a training ended. */
	public enum Outcome {
		/** The whole schedule ran. */
		COMPLETED,
		/** The user stopped it early and kept the model. */
		STOPPED_EARLY,
		/** The user cancelled it; there is no model. */
		CANCELLED,
		/** An error ended it; see {@link TrainingSummary#error}. */
		FAILED
	}

	public final Outcome outcome;
	public final int steps;
	public final long cropsSeen;
	public final long plannedCrops;
	public final int ensembleUpdates;
	public final double seconds;
	public final double ensembleSeconds;
	public final double cropsPerSecond;
	public final double pseudoLabelCoverage;
	public final String device;
	/** The error of a failed training, else null. */
	public final Throwable error;
	/** Where the time of the training steps went. */
	public final StepTimes stepTimes;

	TrainingSummary(final Outcome outcome, final int steps, final long cropsSeen, final long plannedCrops,
		final int ensembleUpdates, final double seconds, final double ensembleSeconds, final double cropsPerSecond,
		final double pseudoLabelCoverage, final String device, final Throwable error, final StepTimes stepTimes)
	{
		this.outcome = outcome;
		this.steps = steps;
		this.cropsSeen = cropsSeen;
		this.plannedCrops = plannedCrops;
		this.ensembleUpdates = ensembleUpdates;
		this.seconds = seconds;
		this.ensembleSeconds = ensembleSeconds;
		this.cropsPerSecond = cropsPerSecond;
		this.pseudoLabelCoverage = pseudoLabelCoverage;
		this.device = device;
		this.error = error;
		this.stepTimes = stepTimes;
	}

	/** Share of the wall time spent on ensemble predictions. */
	public double ensembleShare() {
		return seconds > 0 ? ensembleSeconds / seconds : 0;
	}

	@Override
	public String toString() {
		return String.format("%s after %d steps (%d of %d crops) in %.1f s on %s: %.1f crops/s, %d ensemble updates " +
			"(%.0f%% of the time), pseudo-label coverage %.1f%%", outcome, steps, cropsSeen, plannedCrops, seconds, device,
			cropsPerSecond, ensembleUpdates, 100 * ensembleShare(), 100 * pseudoLabelCoverage);
	}
}
