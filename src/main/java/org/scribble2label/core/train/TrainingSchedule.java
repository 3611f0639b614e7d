package org.scribble2label.core.train;

import org.scribble2label.core.TrainingConfig;

/**
 * The training schedule in crops seen, once the training set is known.
 * <p>
 * One epoch is one pass over the training pixels: {@code ceil(pixels / crop pixels)} crops, at
 * least one batch. The ensemble period {@code gamma} is lengthened when needed so that the
 * ensemble's estimated share of the run stays within {@link TrainingConfig#maxEnsembleShare()}, and
 * shortened (down to that bound) when it would leave the pseudo-label phase fewer than four passes:
 * predicting a pixel without gradients costs about a third of training on it (forward only
 * versus forward and backward), so a pass over P pixels costs about P / (3 crop pixels) crops.
 * When warm-up ends before any ensemble pass, one pass is made then, so that pseudo-labels can
 * start.
 */
public final class TrainingSchedule {

	/** Cost of predicting a pixel relative to training on it. */
	static final double PREDICTION_COST = 1.0 / 3;
	/** Ensemble passes wanted during the pseudo-label phase when the period is shortened. */
	static final int PASSES_PER_PHASE = 4;

	private final long cropsPerEpoch;
	private final long totalCrops;
	private final long warmupCrops;
	private final long requestedEnsembleInterval;
	private final double maxEnsembleShare;
	private long ensembleInterval;
	private final double learningRate;
	private final double finalLearningRate;
	private final PseudoLabelStrategy pseudoLabels;

	/** The schedule with the pseudo-label strategy the configuration names. */
	public TrainingSchedule(final TrainingConfig config, final long trainingPixels) {
		this(config, trainingPixels, PseudoLabelStrategies.of(config));
	}

	public TrainingSchedule(final TrainingConfig config, final long trainingPixels, final PseudoLabelStrategy pseudoLabels) {
		final long cropPixels = (long) config.cropSize() * config.cropSize();
		cropsPerEpoch = Math.max(config.batchSize(), (trainingPixels + cropPixels - 1) / cropPixels);
		totalCrops = Math.max(config.batchSize(), config.trainingLength().toCrops(cropsPerEpoch));
		warmupCrops = Math.min(totalCrops, config.warmup().toCrops(cropsPerEpoch));
		requestedEnsembleInterval = Math.max(1, config.ensemblePeriod().toCrops(cropsPerEpoch));
		final double share = config.maxEnsembleShare();
		maxEnsembleShare = share;
		final double passCost = trainingPixels * PREDICTION_COST / cropPixels;
		final long minimum = share > 0 ? (long) Math.ceil(passCost * (1 - share) / share) : 1;
		// A period longer than the pseudo-label phase would leave one snapshot instead of an
		// ensemble: shorten it to give that phase a few passes, unless time forbids.
		final long perPhase = Math.max(1, (totalCrops - warmupCrops) / PASSES_PER_PHASE);
		ensembleInterval = Math.max(Math.min(requestedEnsembleInterval, perPhase), minimum);
		learningRate = config.learningRate();
		finalLearningRate = config.finalLearningRate();
		this.pseudoLabels = pseudoLabels;
	}

	public long cropsPerEpoch() {
		return cropsPerEpoch;
	}

	public long totalCrops() {
		return totalCrops;
	}

	public long warmupCrops() {
		return warmupCrops;
	}

	/** The ensemble period in crops as configured. */
	public long requestedEnsembleInterval() {
		return requestedEnsembleInterval;
	}

	/** The ensemble period in crops actually used (at least the configured one). */
	public long ensembleInterval() {
		return ensembleInterval;
	}

	/**
	 * Plans the ensemble period from a measured pass instead of the estimate: tiling, blending
	 * and copying make a real pass cost more than its pixels' share of forward work (a pass over
	 * 325 images took 45% of a run planned for 20%). The period only grows.
	 *
	 * @param passSeconds wall time of the last ensemble pass
	 * @param cropsPerSecond training speed so far
	 * @return whether the period changed
	 */
	public boolean replanFromMeasuredPass(final double passSeconds, final double cropsPerSecond) {
		if (maxEnsembleShare <= 0 || !(passSeconds > 0) || !(cropsPerSecond > 0)) return false;
		final double passCrops = passSeconds * cropsPerSecond;
		final long minimum = (long) Math.ceil(passCrops * (1 - maxEnsembleShare) / maxEnsembleShare);
		if (minimum <= ensembleInterval) return false;
		ensembleInterval = minimum;
		return true;
	}

	/** Whether pseudo-labels will be used at all: warm-up ends before the training does. */
	public boolean hasPseudoLabelPhase() {
		return warmupCrops < totalCrops && pseudoLabels.labelsPixels();
	}

	/** Whether the prediction ensemble is updated (Scribble2Label's pseudo-labels). */
	public boolean usesEnsemble() {
		return pseudoLabels.needsEnsemble() && hasPseudoLabelPhase();
	}

	/**
	 * Whether an ensemble pass due at {@code cropsSeen} still pays: not when less than half an
	 * ensemble period of training is left to use its pseudo-labels.
	 */
	public boolean worthAnotherPass(final long cropsSeen) {
		return totalCrops - cropsSeen >= ensembleInterval / 2;
	}

	/** Ensemble passes expected after warm-up (including the one at its end). */
	public long passesAfterWarmup() {
		if (!usesEnsemble()) return 0;
		return 1 + Math.max(0, (totalCrops - warmupCrops - ensembleInterval / 2) / ensembleInterval);
	}

	/** Cosine decay from the initial to the final learning rate over the whole run. */
	public double learningRate(final long cropsSeen) {
		final double progress = Math.min(1, (double) cropsSeen / totalCrops);
		return finalLearningRate + (learningRate - finalLearningRate) * 0.5 * (1 + Math.cos(Math.PI * progress));
	}

	/** The epoch (fractional) reached after {@code cropsSeen} crops. */
	public double epoch(final long cropsSeen) {
		return (double) cropsSeen / cropsPerEpoch;
	}

	@Override
	public String toString() {
		final String pseudo = !hasPseudoLabelPhase() ? "scribble loss only" : !usesEnsemble()
			? "then " + pseudoLabels.describe() : "ensemble every " + ensembleInterval + " crops" +
				(ensembleInterval > requestedEnsembleInterval ? " (lengthened from " + requestedEnsembleInterval +
					" to bound its share of time)" : "");
		return String.format("%d crops (%.1f epochs of %d crops), warm-up %d crops, %s", totalCrops, epoch(totalCrops),
			cropsPerEpoch, warmupCrops, pseudo);
	}
}
