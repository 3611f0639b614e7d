package org.scribble2label.core.train;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import org.scribble2label.core.TrainingConfig;
import org.scribble2label.core.TrainingImage;
import org.scribble2label.core.image.PercentileNormalization;
import org.scribble2label.core.image.PlanarFloatImage;
import org.scribble2label.core.model.DjlRuntime;
import org.scribble2label.core.model.FiniteParameters;
import org.scribble2label.core.model.FreezableNormalization;
import org.scribble2label.core.model.NetworkSpec;
import org.scribble2label.core.model.Scribble2LabelModel;
import org.scribble2label.core.model.TrainingRecord;
import org.scribble2label.core.model.UNetSpec;
import org.scribble2label.core.predict.TiledPredictor;

/**
 * Trains a U-Net from scribbles with the Scribble2Label method (Lee and Jeong, MICCAI 2020),
 * in a background thread:
 * <ol>
 * <li>partial cross-entropy {@code L_sp} on scribbled pixels of augmented crops;</li>
 * <li>every {@code gamma} (the ensemble period), each training image is predicted whole and
 * un-augmented in evaluation mode and folded into a per-pixel exponential moving average
 * ({@link PredictionEnsemble});</li>
 * <li>after warm-up, unscribbled pixels whose average is consistent above {@code tau} get
 * one-hot pseudo-labels and {@code L_total = L_sp + lambda * L_up}.</li>
 * </ol>
 * Optimiser RAdam with decoupled weight decay, cosine learning-rate decay over the run. The
 * output layer is trained with the rest. One training runs at a time per JVM.
 * <p>
 * This class runs the schedule, the thread and the listeners; the pieces are
 * {@link TrainingSet} (checks and class mapping), {@link CropSampler}, {@link TrainingStep},
 * {@link EnsemblePass}, the {@link PseudoLabelStrategy} and the {@link TrainingObjective}.
 */
public final class Scribble2LabelTrainer {

	private static final AtomicBoolean RUNNING = new AtomicBoolean();

	private final TrainingConfig config;
	private final List<TrainingListener> listeners = new CopyOnWriteArrayList<>();
	private final List<LossTerm> extraTerms = new ArrayList<>();
	private final List<Double> extraWeights = new ArrayList<>();
	private List<String> classNames;
	private boolean classNamesFromScribbles;
	private Scribble2LabelModel initialModel;
	private PseudoLabelStrategy pseudoLabels;

	public Scribble2LabelTrainer(final TrainingConfig config) {
		this.config = config;
		this.pseudoLabels = PseudoLabelStrategies.of(config);
	}

	/** Names of the classes, background first; by default "background", "foreground" (or "class N"). */
	public Scribble2LabelTrainer classNames(final List<String> names) {
		this.classNames = new ArrayList<>(names);
		return this;
	}

	public Scribble2LabelTrainer listener(final TrainingListener listener) {
		listeners.add(listener);
		return this;
	}

	/**
	 * Starts from the weights, architecture, classes and normalisation of an existing model
	 * (training on with new scribbles) instead of a random initialisation. The model itself is
	 * not changed.
	 */
	public Scribble2LabelTrainer continueFrom(final Scribble2LabelModel model) {
		this.initialModel = model;
		this.classNamesFromScribbles = false;
		return this;
	}

	/**
	 * Starts a new model from a trained one (a built-in starter): its weights, architecture and
	 * normalisation, but the class names of the scribbles, matched to its classes by name or
	 * position. The model itself is not changed.
	 */
	public Scribble2LabelTrainer startFrom(final Scribble2LabelModel model) {
		this.initialModel = model;
		this.classNamesFromScribbles = true;
		return this;
	}

	/** Where pseudo-labels come from, instead of the one the configuration names. */
	public Scribble2LabelTrainer pseudoLabels(final PseudoLabelStrategy strategy) {
		this.pseudoLabels = strategy;
		return this;
	}

	/** Adds a term to Scribble2Label's objective {@code L_sp + lambda * L_up}. */
	public Scribble2LabelTrainer lossTerm(final LossTerm term, final double weight) {
		extraTerms.add(term);
		extraWeights.add(weight);
		return this;
	}

	/** Whether a training is running in this JVM. */
	public static boolean isTrainingRunning() {
		return RUNNING.get();
	}

	/**
	 * Checks the training set and starts training in a new thread.
	 *
	 * @throws IllegalArgumentException with what to fix when the images or scribbles cannot be
	 *           trained on
	 * @throws TrainingInProgressException when another training runs
	 */
	public TrainingHandle start(final List<TrainingImage> images) {
		if (initialModel == null) UNetSpec.requireAlignedWidth(config.baseWidth());
		final TrainingSet data = TrainingSet.check(images, classNames, initialModel, classNamesFromScribbles);
		final TrainingObjective objective = TrainingObjective.scribble2Label(config.lambda(), pseudoLabels);
		if (config.crfWeight() > 0) objective.add(new EdgeAwareCrfLoss(), config.crfWeight());
		for (int i = 0; i < extraTerms.size(); i++)
			objective.add(extraTerms.get(i), extraWeights.get(i));
		if (!RUNNING.compareAndSet(false, true)) throw new TrainingInProgressException();
		final TrainingHandle handle = new TrainingHandle();
		final Thread thread = new Thread(() -> run(new Session(data, objective, handle)), "Scribble2Label training");
		thread.setContextClassLoader(Scribble2LabelTrainer.class.getClassLoader());
		thread.setDaemon(true);
		try {
			thread.start();
		}
		catch (final RuntimeException | Error e) {
			RUNNING.set(false);
			throw e;
		}
		return handle;
	}

	private void run(final Session session) {
		TrainingResult result = null;
		Throwable error = null;
		try {
			try {
				result = session.train();
			}
			catch (final Throwable t) {
				error = t;
			}
			finally {
				try {
					session.close();
				}
				catch (final RuntimeException e) {
					if (error == null && result == null) error = e;
				}
				finally {
					RUNNING.set(false);
				}
			}
			final TrainingSummary summary = result != null ? result.summary() : session.summary(error);
			notify(l -> l.finished(summary));
		}
		finally {
			// Whatever happened above, whoever waits gets an answer.
			if (result != null) session.handle.complete(result);
			else session.handle.fail(error != null ? error : new IllegalStateException("The training ended without a result."));
		}
	}

	private void notify(final Consumer<TrainingListener> event) {
		for (final TrainingListener l : listeners) {
			try {
				event.accept(l);
			}
			catch (final RuntimeException | OutOfMemoryError | LinkageError e) {
				// A broken listener (a closed window, a copy too large for the heap) must not end the training.
			}
		}
	}

	/** The state of one running training; lives on the training thread. */
	private final class Session {
		final TrainingSet data;
		final TrainingObjective objective;
		final TrainingHandle handle;
		final RunClock clock = new RunClock();
		final StepTimes.Clock stepClock = new StepTimes.Clock();
		Device device;
		String deviceName = "not started";
		NDManager modelManager;
		RAdam optimizer;
		TrainingSchedule schedule;
		PredictionEnsemble ensemble;
		long crops;
		int steps;
		double lastCoverage;

		Session(final TrainingSet data, final TrainingObjective objective, final TrainingHandle handle) {
			this.data = data;
			this.objective = objective;
			this.handle = handle;
		}

		TrainingResult train() {
			DjlRuntime.prepareThread();
			final Engine engine = DjlRuntime.engine();
			device = DjlRuntime.device(config.device());
			deviceName = DjlRuntime.describe(device);
			modelManager = engine.newBaseManager(device);

			final PercentileNormalization normalization = initialModel != null ? initialModel.normalization()
				: new PercentileNormalization(config.lowPercentile(), config.highPercentile());
			final List<PlanarFloatImage> images = new ArrayList<>();
			for (final TrainingImage image : data.images) {
				checkCancelled();
				final PlanarFloatImage planar = PlanarFloatImage.copyOf(image.image(), data.channels);
				normalization.normalizeInPlace(planar);
				images.add(planar);
			}
			schedule = new TrainingSchedule(config, data.pixels, pseudoLabels);
			final NetworkSpec spec = initialModel != null ? initialModel.spec()
				: UNetSpec.of(config, data.channels, data.classNames.size());
			engine.setRandomSeed((int) config.seed());
			final Block network = spec.build();
			final Shape batchShape = new Shape(config.batchSize(), spec.inputChannels(), config.cropSize(), config.cropSize());
			if (initialModel != null) TrainingStep.copyWeights(initialModel.network(), network, modelManager);
			network.initialize(modelManager, DataType.FLOAT32, batchShape);
			if (network instanceof FreezableNormalization)
				((FreezableNormalization) network).freezeNormalization(config.freezeNormalization());
			else if (config.freezeNormalization())
				throw new IllegalArgumentException("This network (" + spec.type() + ") cannot keep its normalisation frozen.");
			final List<Parameter> parameters = new ArrayList<>();
			for (final Pair<String, Parameter> p : network.getParameters())
				parameters.add(p.getValue());
			optimizer = new RAdam(parameters, modelManager, config.beta1(), config.beta2(), config.epsilon(), config.weightDecay());
			final int[] planeSizes = images.stream().mapToInt(PlanarFloatImage::planeSize).toArray();
			ensemble = new PredictionEnsemble(spec.classes(), config.alpha(), config.tau(), data.scribbles, planeSizes);
			final CropSampler sampler = new CropSampler(images, data.scribbles, config, new Random(config.seed()));
			final CropBatch batch = new CropBatch(config.batchSize(), spec.inputChannels(), config.cropSize());
			final EnsemblePass ensemblePass = new EnsemblePass(new TiledPredictor(network, modelManager, spec.classes(),
				spec.sizeMultiple(), config.tileSize(), config.predictionBatchPixels()), images, ensemble, config.tau());
			final TrainingStep step = new TrainingStep(network, modelManager, objective, batch);

			long parameterCount = 0;
			for (final Parameter p : parameters)
				parameterCount += p.getArray().size();
			final double flopsPerStep = 3 * config.batchSize() * spec.forwardFlops(config.cropSize(), config.cropSize());
			final TrainingStart start = new TrainingStart(deviceName, config, schedule, spec, objective.names(), data.classNames, images.size(),
				data.pixels, parameterCount, flopsPerStep, warnings());
			Scribble2LabelTrainer.this.notify(l -> l.started(start));
			clock.restart();

			long nextEnsemble = schedule.usesEnsemble() ? schedule.ensembleInterval() : Long.MAX_VALUE;
			int epochsReported = 0;
			final LossValues.Mean epochLosses = new LossValues.Mean();
			while (crops < schedule.totalCrops()) {
				checkCancelled();
				if (handle.isStopRequested()) break;
				final boolean pseudoPhase = schedule.hasPseudoLabelPhase() && crops >= schedule.warmupCrops();
				try {
					// Every interval, and once when warm-up ends before any pass; the next pass comes a full
					// interval after the last one, so that the ensemble's share of time stays bounded.
					if (crops >= nextEnsemble && ensemble.updates() > 0 && !schedule.worthAnotherPass(crops)) {
						nextEnsemble = Long.MAX_VALUE;
					}
					else if (crops >= nextEnsemble || pseudoPhase && schedule.usesEnsemble() && ensemble.updates() == 0) {
						final EnsembleProgress progress = ensemblePass.run(crops, pseudoPhase,
							() -> handle.isCancelRequested() || handle.isStopRequested(), clock);
						lastCoverage = progress.coverage;
						// Plan the next passes from what this one really cost (bounded share of time).
						if (crops > 0) schedule.replanFromMeasuredPass(progress.seconds, clock.cropsPerSecond(crops));
						Scribble2LabelTrainer.this.notify(l -> l.ensembleUpdated(progress));
						nextEnsemble = crops + schedule.ensembleInterval();
					}
				}
				catch (final CancellationException e) {
					if (handle.isCancelRequested()) throw e;
					break; // stopped early during the ensemble update
				}
				stepClock.start();
				final PixelLabels sampled = pseudoPhase ? pseudoLabels.pixelLabels(pseudoLabels.needsEnsemble() ? ensemble : null) : null;
				final boolean usePseudoLabels = sampled != null || pseudoPhase && pseudoLabels.labelsFromPrediction();
				sampler.sample(batch, sampled);
				stepClock.sampled();
				final double learningRate = schedule.learningRate(crops);
				final LossValues losses = step.run(batch, usePseudoLabels ? pseudoLabels : null);
				stepClock.passed();
				// Checked before the update, so that the weights are never touched by a broken step.
				if (!losses.allFinite()) throw new TrainingDivergedException("the loss", steps + 1, learningRate);
				if (!FiniteParameters.gradientsFinite(network))
					throw new TrainingDivergedException("a gradient", steps + 1, learningRate);
				stepClock.checked();
				optimizer.step(learningRate);
				stepClock.updated();
				crops += batch.size;
				steps++;
				final StepProgress progress = new StepProgress(steps, crops, schedule.totalCrops(), schedule.epoch(crops),
					learningRate, losses, usePseudoLabels, clock.cropsPerSecond(crops));
				Scribble2LabelTrainer.this.notify(l -> l.stepFinished(progress));
				epochLosses.add(losses);
				// Report each completed epoch, and the last, partial one at the end of the run.
				final int epoch = (int) (crops / schedule.cropsPerEpoch());
				if (epoch > epochsReported || crops >= schedule.totalCrops()) {
					epochsReported = Math.max(epoch, epochsReported + 1);
					final EpochProgress e = new EpochProgress(epochsReported, crops, epochLosses.takeMean(), lastCoverage,
						clock.cropsPerSecond(crops), clock.ensembleShare(), clock.elapsedSeconds());
					Scribble2LabelTrainer.this.notify(l -> l.epochFinished(e));
				}
			}
			if (steps == 0) throw new CancellationException("Stopped before the first training step: there is no model to keep.");
			if (!FiniteParameters.weightsFinite(network))
				throw new TrainingDivergedException("a weight", steps, schedule.learningRate(crops));
			return result(engine, spec, network, batchShape, normalization, ensemblePass);
		}

		private List<String> warnings() {
			final List<String> warnings = new ArrayList<>(data.warnings);
			if (schedule.usesEnsemble() && schedule.passesAfterWarmup() < 2)
				warnings.add("The prediction ensemble is updated only " + schedule.passesAfterWarmup() + " time(s) after warm-up: " +
					"for pseudo-labels averaged over time, train longer or with a shorter warm-up.");
			if (pseudoLabels.labelsPixels() && !schedule.hasPseudoLabelPhase())
				warnings.add("Warm-up (" + schedule.warmupCrops() + " crops) lasts the whole training: no pseudo-labels are used.");
			return warnings;
		}

		/**
		 * The model gets a copy of the parameters in a manager of its own: no gradient buffers, no
		 * optimiser state, nothing else of the session.
		 */
		private TrainingResult result(final Engine engine, final NetworkSpec spec, final Block network, final Shape batchShape,
			final PercentileNormalization normalization, final EnsemblePass ensemblePass)
		{
			final boolean completed = crops >= schedule.totalCrops();
			final List<String> names = new ArrayList<>();
			data.images.forEach(i -> names.add(i.name()));
			final TrainingRecord record = new TrainingRecord(completed, crops, schedule.totalCrops(), steps,
				ensemble.updates(), clock.elapsedSeconds(), deviceName, names, Instant.now().toString());
			final NDManager finalManager = engine.newBaseManager(device);
			final Block trained = spec.build();
			try {
				TrainingStep.copyWeights(network, trained, finalManager);
				trained.initialize(finalManager, DataType.FLOAT32, batchShape);
				for (final Pair<String, Parameter> p : trained.getParameters())
					p.getValue().getArray().setRequiresGradient(false);
			}
			catch (final RuntimeException e) {
				finalManager.close();
				throw e;
			}
			final Scribble2LabelModel model = new Scribble2LabelModel(spec, trained, finalManager, data.classNames,
				normalization, config, record);
			return new TrainingResult(model, summary(completed ? TrainingSummary.Outcome.COMPLETED
				: TrainingSummary.Outcome.STOPPED_EARLY, null), ensemblePass.finalEnsemble());
		}

		private void checkCancelled() {
			if (handle.isCancelRequested()) throw new CancellationException("Training cancelled");
		}

		TrainingSummary summary(final Throwable error) {
			return summary(error instanceof CancellationException ? TrainingSummary.Outcome.CANCELLED
				: TrainingSummary.Outcome.FAILED, error instanceof CancellationException ? null : error);
		}

		TrainingSummary summary(final TrainingSummary.Outcome outcome, final Throwable error) {
			return new TrainingSummary(outcome, steps, crops, schedule == null ? 0 : schedule.totalCrops(),
				ensemble == null ? 0 : ensemble.updates(), clock.elapsedSeconds(), clock.ensembleSeconds(),
				clock.cropsPerSecond(crops), lastCoverage, deviceName, error, stepClock.snapshot());
		}

		void close() {
			if (optimizer != null) optimizer.close();
			if (modelManager != null) modelManager.close();
			if (device != null) DjlRuntime.releaseCachedMemory(device);
		}
	}
}
