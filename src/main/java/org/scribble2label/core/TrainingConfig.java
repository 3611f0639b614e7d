package org.scribble2label.core;

import java.util.Objects;

/**
 * All hyper-parameters of a Scribble2Label training, immutable. Start from a preset
 * ({@link #fastCpu()}, {@link #paper()}) and change what you need with {@link #toBuilder()}.
 * <p>
 * Lengths (training, warm-up, ensemble period {@code gamma}) are {@link Length}s: crops seen or
 * epochs, one epoch being one pass over the training pixels, i.e.
 * {@code ceil(training pixels / crop pixels)} crops (at least one batch). So an epoch of one
 * 512x512 image with 128x128 crops is 16 crops, and an epoch of 300 such images is 4800 crops.
 */
public final class TrainingConfig {

	private final Builder b;

	private TrainingConfig(final Builder b) {
		this.b = b.copy();
	}

	/**
	 * Small network and a budget of about two minutes on a 2-core laptop CPU for one image:
	 * U-Net depth 4, base width 16, 128x128 crops, batch 8, 2000 crops, warm-up 800 crops, the
	 * paper's tau, alpha, lambda and ensemble period (5 epochs, bounded to 20% of the time), crops
	 * drawn where the scribbles are ({@link Builder#cropsOnScribbles}).
	 */
	public static TrainingConfig fastCpu() {
		return new Builder().cropsOnScribbles(true).build();
	}

	/**
	 * Adapting a trained model (a built-in starter) to one image in well under a minute on a
	 * 2-core CPU: the fast network, 300 crops with no warm-up (the starter's first prediction
	 * starts the ensemble, so pseudo-labels hold the model from the first step), a low learning
	 * rate, frozen BatchNorm statistics and classes weighed equally in the scribble loss.
	 * Measured in docs/benchmarks.md ("one image, one minute").
	 */
	public static TrainingConfig fineTuning() {
		return new Builder().trainingLength(Length.crops(300)).warmup(Length.crops(0)).learningRate(2e-4)
			.finalLearningRate(2e-6).freezeNormalization(true).balanceClasses(true).build();
	}

	/**
	 * The paper's schedule and method settings (warm-up 100 epochs, ensemble every 5 epochs,
	 * tau 0.8, alpha 0.2, lambda 0.5, RAdam, 256x256 crops, batch 30) on a wider U-Net. Meant for
	 * a GPU: on a CPU it takes hours.
	 */
	public static TrainingConfig paper() {
		return new Builder().cropsOnScribbles(true).depth(4).baseWidth(32).cropSize(256).batchSize(30)
			.trainingLength(Length.epochs(300)).warmup(Length.epochs(100))
			.ensemblePeriod(Length.epochs(5)).maxEnsembleShare(0).learningRate(1e-3)
			.finalLearningRate(1e-5).tileSize(512).predictionBatchPixels(4 << 20).build();
	}

	public Builder toBuilder() {
		return b.copy();
	}

	// -- network
	public int depth() { return b.depth; }
	public int baseWidth() { return b.baseWidth; }
	// -- data
	public int cropSize() { return b.cropSize; }
	public int batchSize() { return b.batchSize; }
	public double lowPercentile() { return b.lowPercentile; }
	public double highPercentile() { return b.highPercentile; }
	// -- schedule
	public Length trainingLength() { return b.trainingLength; }
	public Length warmup() { return b.warmup; }
	public Length ensemblePeriod() { return b.ensemblePeriod; }
	public double maxEnsembleShare() { return b.maxEnsembleShare; }
	// -- method
	public double tau() { return b.tau; }
	public double alpha() { return b.alpha; }
	public double lambda() { return b.lambda; }
	public PseudoLabels pseudoLabels() { return b.pseudoLabels; }
	/** Weight of the edge-aware CRF regulariser of rLoss in the objective; 0 leaves it out (Scribble2Label's own objective). */
	public double crfWeight() { return b.crfWeight; }
	/** Each scribbled class weighs the same in the scribble loss, however many pixels it has. */
	public boolean balanceClasses() { return b.balanceClasses; }
	public boolean cropsOnScribbles() { return b.cropsOnScribbles; }
	/** Whether BatchNorm statistics stay as the starting model has them (fine-tuning one image). */
	public boolean freezeNormalization() { return b.freezeNormalization; }
	// -- optimiser
	public double learningRate() { return b.learningRate; }
	public double finalLearningRate() { return b.finalLearningRate; }
	public double weightDecay() { return b.weightDecay; }
	public double beta1() { return b.beta1; }
	public double beta2() { return b.beta2; }
	public double epsilon() { return b.epsilon; }
	// -- augmentation
	public boolean augment() { return b.augment; }
	public double affineProbability() { return b.affineProbability; }
	public double maxRotationDegrees() { return b.maxRotationDegrees; }
	public double scaleRange() { return b.scaleRange; }
	public double shiftFraction() { return b.shiftFraction; }
	public double intensityProbability() { return b.intensityProbability; }
	public double brightnessRange() { return b.brightnessRange; }
	public double contrastRange() { return b.contrastRange; }
	// -- runtime
	public long seed() { return b.seed; }
	public DeviceChoice device() { return b.device; }
	public int tileSize() { return b.tileSize; }
	public long predictionBatchPixels() { return b.predictionBatchPixels; }

	@Override
	public boolean equals(final Object o) {
		return o instanceof TrainingConfig && ((TrainingConfig) o).b.sameAs(b);
	}

	@Override
	public int hashCode() {
		return Objects.hash(b.depth, b.baseWidth, b.cropSize, b.batchSize, b.trainingLength, b.seed);
	}

	@Override
	public String toString() {
		return "U-Net depth " + b.depth + " width " + b.baseWidth + ", crops " + b.cropSize + " x" +
			b.batchSize + ", training " + b.trainingLength + ", warm-up " + b.warmup +
			", ensemble every " + b.ensemblePeriod + ", tau " + b.tau + ", alpha " + b.alpha +
			", lambda " + b.lambda + ", pseudo-labels " + b.pseudoLabels + (b.crfWeight > 0 ? ", CRF weight " + b.crfWeight : "") + (b.balanceClasses ? ", balanced scribble classes" : "") + (b.cropsOnScribbles ? ", crops on scribbles" : "") + (b.freezeNormalization ? ", frozen normalisation" : "") + ", lr " + b.learningRate + ", seed " + b.seed;
	}

	/**
	 * Mutable builder. Its defaults are also what a model file's missing keys take; the file
	 * format itself is an explicit schema in the model package, independent of these fields.
	 */
	/** The largest learning rate accepted; far above any useful one (1e-3 to 5e-3). */
	public static final double MAX_LEARNING_RATE = 1;

	public static final class Builder {
		private int depth = 4;
		private int baseWidth = 16;
		private int cropSize = 128;
		private int batchSize = 8;
		private double lowPercentile = 1.0;
		private double highPercentile = 99.8;
		private Length trainingLength = Length.crops(2000);
		private Length warmup = Length.crops(800);
		private Length ensemblePeriod = Length.epochs(5);
		private double maxEnsembleShare = 0.2;
		private double tau = 0.8;
		private double alpha = 0.2;
		private double lambda = 0.5;
		private double crfWeight = 0;
		private PseudoLabels pseudoLabels = PseudoLabels.ENSEMBLE;
		private boolean balanceClasses = false;
		private boolean cropsOnScribbles = false;
		private boolean freezeNormalization = false;
		private double learningRate = 2e-3;
		private double finalLearningRate = 2e-5;
		private double weightDecay = 5e-5;
		private double beta1 = 0.9;
		private double beta2 = 0.999;
		private double epsilon = 1e-8;
		private boolean augment = true;
		private double affineProbability = 0.7;
		private double maxRotationDegrees = 45;
		private double scaleRange = 0.1;
		private double shiftFraction = 0.0625;
		private double intensityProbability = 0.5;
		private double brightnessRange = 0.2;
		private double contrastRange = 0.2;
		private long seed = 42;
		private DeviceChoice device = DeviceChoice.AUTO;
		private int tileSize = 1024;
		private long predictionBatchPixels = 1 << 20;

		public Builder() {}

		/** Number of down-sampling steps of the U-Net (1..6). */
		public Builder depth(final int v) { depth = v; return this; }
		/** Feature channels of the first level; each level doubles them. */
		public Builder baseWidth(final int v) { baseWidth = v; return this; }
		/** Side of the square training crops; a multiple of 2^depth. */
		public Builder cropSize(final int v) { cropSize = v; return this; }
		public Builder batchSize(final int v) { batchSize = v; return this; }
		/** Percentiles mapped to 0 and 1 by the per-image intensity normalisation. */
		public Builder percentiles(final double low, final double high) { lowPercentile = low; highPercentile = high; return this; }
		/** Total training length. */
		public Builder trainingLength(final Length v) { trainingLength = Objects.requireNonNull(v); return this; }
		/** Warm-up E_W: scribble loss only, no pseudo-labels. */
		public Builder warmup(final Length v) { warmup = Objects.requireNonNull(v); return this; }
		/** Ensemble period gamma: how often the EMA of whole-image predictions is updated. */
		public Builder ensemblePeriod(final Length v) { ensemblePeriod = Objects.requireNonNull(v); return this; }
		/**
		 * Upper bound of the estimated share of time spent on ensemble predictions (0..1); the
		 * ensemble period is lengthened when needed. 0 disables the bound.
		 */
		public Builder maxEnsembleShare(final double v) { maxEnsembleShare = v; return this; }
		/** Consistency threshold: pseudo-label where the averaged class probability exceeds it. */
		public Builder tau(final double v) { tau = v; return this; }
		/** EMA weight of the newest prediction. */
		public Builder alpha(final double v) { alpha = v; return this; }
		/** Weight of the pseudo-label loss. */
		public Builder lambda(final double v) { lambda = v; return this; }
		public Builder crfWeight(final double v) { crfWeight = v; return this; }
		/**
		 * Where pseudo-labels come from after warm-up: the prediction ensemble (Scribble2Label),
		 * the current prediction (the naive baseline), or nowhere (scribble loss only).
		 */
		public Builder pseudoLabels(final PseudoLabels v) { pseudoLabels = Objects.requireNonNull(v); return this; }
		/** The paper's setting for noisy data such as histology: tau 0.95, alpha 0.1. */
		public Builder noisyData() { tau = 0.95; alpha = 0.1; return this; }
		/** Initial learning rate; it decays to {@link #finalLearningRate} along a cosine. */
		public Builder learningRate(final double v) {
			requireLearningRate(v, "learning rate");
			learningRate = v;
			return this;
		}
		public Builder finalLearningRate(final double v) {
			if (v != 0) requireLearningRate(v, "final learning rate");
			finalLearningRate = v;
			return this;
		}

		/**
		 * RAdam with a rate above 1 diverges to NaN within a few steps (1e6 and Infinity were
		 * accepted and saved NaN models): refused here so that every front end says so at once.
		 */
		private static void requireLearningRate(final double v, final String what) {
			require(v > 0 && v <= MAX_LEARNING_RATE, "the " + what + " must be a number above 0 and at most " +
				MAX_LEARNING_RATE + " (typically 1e-3 to 5e-3), got " + v);
		}
		/** Decoupled weight decay of RAdam. */
		public Builder weightDecay(final double v) { weightDecay = v; return this; }
		public Builder betas(final double b1, final double b2) { beta1 = b1; beta2 = b2; return this; }
		public Builder epsilon(final double v) { epsilon = v; return this; }
		/** Random rotation, flips, scale, shift, brightness and contrast of the crops. */
		public Builder augment(final boolean v) { augment = v; return this; }
		/** Weigh each scribbled class equally in the scribble loss (the paper weighs every pixel equally). */
		public Builder balanceClasses(final boolean v) { balanceClasses = v; return this; }
		/**
		 * Draw crops where the scribbles are after warm-up too (a few redraws for a crop without
		 * any), not uniformly as the paper does. With sparse scribbles on large images most uniform
		 * crops carry no scribble, so the scribble loss would see a fraction of the crops; measured
		 * on DSB-BF at 10% (docs/benchmarks.md) that alone cost 0.25 IoU. Off for fine-tuning a
		 * starter, whose pseudo-labels should reach the whole image. Off by default so that model
		 * files written before it read as they were trained.
		 */
		public Builder cropsOnScribbles(final boolean v) { cropsOnScribbles = v; return this; }
		public Builder freezeNormalization(final boolean v) { freezeNormalization = v; return this; }
		public Builder affineProbability(final double v) { affineProbability = v; return this; }
		public Builder maxRotationDegrees(final double v) { maxRotationDegrees = v; return this; }
		public Builder scaleRange(final double v) { scaleRange = v; return this; }
		public Builder shiftFraction(final double v) { shiftFraction = v; return this; }
		public Builder intensityProbability(final double v) { intensityProbability = v; return this; }
		public Builder brightnessRange(final double v) { brightnessRange = v; return this; }
		public Builder contrastRange(final double v) { contrastRange = v; return this; }
		public Builder seed(final long v) { seed = v; return this; }
		public Builder device(final DeviceChoice v) { device = Objects.requireNonNull(v); return this; }
		/** Largest side of a prediction tile (a multiple of 2^depth). */
		public Builder tileSize(final int v) { tileSize = v; return this; }
		/** Pixels predicted in one batch of tiles; bounds the memory of prediction. */
		public Builder predictionBatchPixels(final long v) { predictionBatchPixels = v; return this; }

		Builder copy() {
			final Builder c = new Builder();
			c.depth = depth; c.baseWidth = baseWidth; c.cropSize = cropSize; c.batchSize = batchSize;
			c.lowPercentile = lowPercentile; c.highPercentile = highPercentile;
			c.trainingLength = trainingLength; c.warmup = warmup; c.ensemblePeriod = ensemblePeriod;
			c.maxEnsembleShare = maxEnsembleShare; c.tau = tau; c.alpha = alpha; c.lambda = lambda; c.crfWeight = crfWeight;
			c.pseudoLabels = pseudoLabels; c.balanceClasses = balanceClasses; c.cropsOnScribbles = cropsOnScribbles; c.freezeNormalization = freezeNormalization;
			c.learningRate = learningRate; c.finalLearningRate = finalLearningRate;
			c.weightDecay = weightDecay; c.beta1 = beta1; c.beta2 = beta2; c.epsilon = epsilon;
			c.augment = augment; c.affineProbability = affineProbability;
			c.maxRotationDegrees = maxRotationDegrees; c.scaleRange = scaleRange;
			c.shiftFraction = shiftFraction; c.intensityProbability = intensityProbability;
			c.brightnessRange = brightnessRange; c.contrastRange = contrastRange; c.seed = seed;
			c.device = device; c.tileSize = tileSize; c.predictionBatchPixels = predictionBatchPixels;
			return c;
		}

		boolean sameAs(final Builder o) {
			return o.depth == depth && o.baseWidth == baseWidth && o.cropSize == cropSize &&
				o.batchSize == batchSize && o.lowPercentile == lowPercentile &&
				o.highPercentile == highPercentile && o.trainingLength.equals(trainingLength) &&
				o.warmup.equals(warmup) && o.ensemblePeriod.equals(ensemblePeriod) &&
				o.maxEnsembleShare == maxEnsembleShare && o.tau == tau && o.alpha == alpha &&
				o.lambda == lambda && o.crfWeight == crfWeight && o.pseudoLabels == pseudoLabels && o.learningRate == learningRate &&
				o.finalLearningRate == finalLearningRate && o.weightDecay == weightDecay &&
				o.beta1 == beta1 && o.beta2 == beta2 && o.epsilon == epsilon && o.augment == augment && o.balanceClasses == balanceClasses && o.cropsOnScribbles == cropsOnScribbles && o.freezeNormalization == freezeNormalization &&
				o.affineProbability == affineProbability && o.maxRotationDegrees == maxRotationDegrees &&
				o.scaleRange == scaleRange && o.shiftFraction == shiftFraction &&
				o.intensityProbability == intensityProbability && o.brightnessRange == brightnessRange &&
				o.contrastRange == contrastRange && o.seed == seed && o.device == device &&
				o.tileSize == tileSize && o.predictionBatchPixels == predictionBatchPixels;
		}

		/** Checks every value and returns the immutable configuration. */
		public TrainingConfig build() {
			require(depth >= 1 && depth <= 6, "depth must be between 1 and 6, got " + depth);
			require(baseWidth >= 1 && baseWidth <= 256, "base width must be between 1 and 256, got " + baseWidth);
			final int multiple = 1 << depth;
			require(cropSize >= multiple && cropSize % multiple == 0, "crop size must be a multiple of " +
				multiple + " (2^depth), got " + cropSize);
			require(tileSize >= multiple && tileSize % multiple == 0, "tile size must be a multiple of " +
				multiple + " (2^depth), got " + tileSize);
			require(batchSize >= 1, "batch size must be at least 1, got " + batchSize);
			require(lowPercentile >= 0 && lowPercentile < highPercentile && highPercentile <= 100,
				"normalisation percentiles must satisfy 0 <= low < high <= 100, got " + lowPercentile +
					" and " + highPercentile);
			require(tau > 0 && tau < 1, "tau must lie between 0 and 1 (exclusive), got " + tau);
			require(alpha > 0 && alpha <= 1, "alpha must lie in (0, 1], got " + alpha);
			require(lambda >= 0, "lambda must be >= 0, got " + lambda);
			require(crfWeight >= 0 && crfWeight <= 100, "the CRF weight must be between 0 and 100, got " + crfWeight);
			require(maxEnsembleShare >= 0 && maxEnsembleShare < 1, "the maximal ensemble share must lie in [0, 1), got " + maxEnsembleShare);
			require(learningRate > 0 && learningRate <= MAX_LEARNING_RATE && finalLearningRate >= 0 &&
				finalLearningRate <= learningRate,
				"learning rates must satisfy 0 <= final <= initial and initial > 0");
			require(weightDecay >= 0 && beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && epsilon > 0,
				"RAdam needs weight decay >= 0, betas in [0, 1) and epsilon > 0");
			require(trainingLength.amount() > 0, "the training length must be positive");
			require(predictionBatchPixels >= 1, "prediction batch pixels must be positive");
			for (final double p : new double[] { affineProbability, intensityProbability })
				require(p >= 0 && p <= 1, "augmentation probabilities must lie in [0, 1]");
			require(scaleRange >= 0 && scaleRange < 1 && shiftFraction >= 0 && brightnessRange >= 0 &&
				contrastRange >= 0 && contrastRange < 1 && maxRotationDegrees >= 0,
				"augmentation ranges must be >= 0 (scale and contrast < 1)");
			return new TrainingConfig(this);
		}

		private static void require(final boolean ok, final String message) {
			if (!ok) throw new IllegalArgumentException("Invalid training setting: " + message + ".");
		}
	}
}
