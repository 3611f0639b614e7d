package org.scribble2label.core.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;
import net.imglib2.view.Views;

import org.scribble2label.core.NonFiniteException;
import org.scribble2label.core.PseudoLabels;
import org.scribble2label.core.Scribbles;
import org.scribble2label.core.TrainingConfig;
import org.scribble2label.core.TrainingImage;
import org.scribble2label.core.image.PercentileNormalization;
import org.scribble2label.core.image.PlanarFloatImage;
import org.scribble2label.core.model.DjlRuntime;
import org.scribble2label.core.model.FiniteParameters;
import org.scribble2label.core.model.Scribble2LabelModel;
import org.scribble2label.core.model.TrainingRecord;
import org.scribble2label.core.model.UNet;
import org.scribble2label.core.model.UNetSpec;
import org.scribble2label.core.predict.TileSource;
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
 */
public final class Scribble2LabelTrainer {

	private static final AtomicBoolean RUNNING = new AtomicBoolean();
	/** Pixels of training images predicted together in one ensemble chunk (bounds scratch memory). */
	private static final long ENSEMBLE_CHUNK_PIXELS = 8 << 20;
	/** Below this many scribbled pixels a class gets a warning. */
	static final int FEW_SCRIBBLED_PIXELS = 20;

	private final TrainingConfig config;
	private final List<TrainingListener> listeners = new CopyOnWriteArrayList<>();
	private List<String> classNames;
	private Scribble2LabelModel initialModel;

	public Scribble2LabelTrainer(final TrainingConfig config) {
		this.config = config;
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
		final Data data = Data.check(images, config, classNames, initialModel);
		if (!RUNNING.compareAndSet(false, true)) throw new TrainingInProgressException();
		final TrainingHandle handle = new TrainingHandle();
		final Thread thread = new Thread(() -> run(data, handle), "Scribble2Label training");
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

	private void run(final Data data, final TrainingHandle handle) {
		final Session session = new Session(data, handle);
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
			if (result != null) handle.complete(result);
			else handle.fail(error != null ? error : new IllegalStateException("The training ended without a result."));
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

	/** The checked training set: scribbles read once, classes known. */
	private static final class Data {
		final List<TrainingImage> images;
		final List<short[]> scribbles;
		final int channels;
		final List<String> classNames;
		final long pixels;
		final List<String> warnings = new ArrayList<>();

		private Data(final List<TrainingImage> images, final List<short[]> scribbles, final int channels,
			final List<String> classNames, final long pixels)
		{
			this.images = images;
			this.scribbles = scribbles;
			this.channels = channels;
			this.classNames = classNames;
			this.pixels = pixels;
		}

		static Data check(final List<TrainingImage> images, final TrainingConfig config, final List<String> names,
			final Scribble2LabelModel initial)
		{
			if (images.isEmpty()) throw new IllegalArgumentException("No training image: add at least one image with scribbles.");
			final int channels = images.get(0).channels();
			final List<short[]> scribbles = new ArrayList<>();
			final long[] counts = new long[Short.MAX_VALUE + 1];
			long pixels = 0;
			for (final TrainingImage image : images) {
				if (image.channels() != channels)
					throw new IllegalArgumentException("All training images need the same number of channels: '" +
						image.name() + "' has " + image.channels() + ", the first image " + channels + ".");
				if (image.image().dimension(0) * image.image().dimension(1) > Integer.MAX_VALUE / Math.max(1, channels))
					throw new IllegalArgumentException("Image '" + image.name() + "' is too large for one training array; crop it.");
				scribbles.add(readScribbles(image, counts));
				pixels += image.image().dimension(0) * image.image().dimension(1);
			}
			int maxLabel = 0, labelsPresent = 0;
			for (int v = 1; v < counts.length; v++)
				if (counts[v] > 0) {
					maxLabel = v;
					labelsPresent++;
				}
			if (maxLabel == 0)
				throw new IllegalArgumentException("No scribbles found: draw a few strokes on the background (value 1) and " +
					"a few on the objects (value 2) before training.");
			int classes = Math.max(2, maxLabel);
			// Only values that name no class (no names given) can be sparse by mistake.
			if (initial == null && names == null && labelsPresent >= 2) Scribbles.requireEveryClassScribbled(counts, maxLabel);
			if (initial != null) {
				classes = initial.spec().classes();
				if (initial.spec().inputChannels() != channels)
					throw new IllegalArgumentException("The model expects " + initial.spec().inputChannels() +
						" channel(s) but the images have " + channels + ".");
				if (names != null) {
					// The scribbles number their classes their own way: match them to the model's by name.
					final int[] map = classMapping(names, initial.classNames());
					java.util.Arrays.fill(counts, 0);
					maxLabel = 0;
					for (final short[] s : scribbles)
						for (int i = 0; i < s.length; i++) {
							if (s[i] > 0) {
								if (s[i] >= map.length)
									throw new IllegalArgumentException("Scribble value " + s[i] + " has no class name among " + names + ".");
								s[i] = (short) map[s[i]];
								maxLabel = Math.max(maxLabel, s[i]);
							}
							counts[s[i]]++;
						}
					labelsPresent = 0;
					for (int v = 1; v < counts.length; v++)
						if (counts[v] > 0) labelsPresent++;
				}
			}
			else if (names != null) classes = names.size();
			if (maxLabel > classes)
				throw new IllegalArgumentException("Scribble value " + maxLabel + " means class " + (maxLabel - 1) +
					", but there are only " + classes + " classes (values 1.." + classes + ").");
			if (labelsPresent < 2)
				throw new IllegalArgumentException("Scribbles of only one class were found (value " + maxLabel +
					"). Scribble the background (value 1) and at least one kind of object (value 2 or more).");
			final List<String> classNames;
			if (initial != null) classNames = initial.classNames();
			else if (names != null) classNames = names;
			else classNames = Scribbles.defaultClassNames(classes);
			final Data data = new Data(images, scribbles, channels, Collections.unmodifiableList(new ArrayList<>(classNames)), pixels);
			for (int v = 1; v <= classes; v++)
				if (counts[v] < FEW_SCRIBBLED_PIXELS)
					data.warnings.add("Class '" + classNames.get(v - 1) + "' has " + (counts[v] == 0 ? "no" : "only " + counts[v]) +
						" scribbled pixel(s): draw a few more strokes of it for a reliable result.");
			return data;
		}

		private static short[] readScribbles(final TrainingImage image, final long[] counts) {
			final long w = image.scribbles().dimension(0), h = image.scribbles().dimension(1);
			final short[] out = new short[(int) (w * h)];
			final Cursor<? extends IntegerType<?>> cursor = Views.flatIterable(image.scribbles()).cursor();
			int i = 0;
			while (cursor.hasNext()) {
				final long v = cursor.next().getIntegerLong();
				if (v < 0 || v > Short.MAX_VALUE)
					throw new IllegalArgumentException("Scribble value " + v + " in '" + image.name() +
						"' is not a class: use 0 for unlabelled, 1 for background, 2, 3, … for object classes.");
				out[i++] = (short) v;
				counts[(int) v]++;
			}
			return out;
		}
	}

	/**
	 * For continued training: the model's class value (1-based) of every scribble value
	 * ({@code map[v]}), matched by class name (any case; "background"/"bg" alike). Two-class
	 * scribbles onto a two-class model match by position when the object names differ (e.g.
	 * "foreground" and "nucleus").
	 */
	static int[] classMapping(final List<String> scribbleNames, final List<String> modelNames) {
		final int[] map = new int[scribbleNames.size() + 1];
		for (int v = 1; v <= scribbleNames.size(); v++) {
			final String name = scribbleNames.get(v - 1);
			int found = -1;
			for (int m = 0; m < modelNames.size(); m++)
				if (modelNames.get(m).equalsIgnoreCase(name) ||
					Scribbles.isBackgroundName(name) && Scribbles.isBackgroundName(modelNames.get(m))) found = m;
			if (found < 0 && scribbleNames.size() == 2 && modelNames.size() == 2 && v == 2) found = 1;
			if (found < 0)
				throw new IllegalArgumentException("The scribble class '" + name + "' is not one of the model's classes " +
					modelNames + ": name the scribbles after the model's classes, or train a new model.");
			map[v] = found + 1;
		}
		return map;
	}

	/** The state of one running training; lives on the training thread. */
	private final class Session {
		final Data data;
		final TrainingHandle handle;
		long startNanos = System.nanoTime();
		Device device;
		String deviceName = "not started";
		NDManager modelManager;
		RAdam optimizer;
		TrainingSchedule schedule;
		PredictionEnsemble ensemble;
		long crops;
		int steps;
		long ensembleNanos;
		double lastCoverage;

		Session(final Data data, final TrainingHandle handle) {
			this.data = data;
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
			schedule = new TrainingSchedule(config, data.pixels);
			final UNetSpec spec = initialModel != null ? initialModel.spec()
				: new UNetSpec(config.depth(), config.baseWidth(), data.channels, data.classNames.size());
			engine.setRandomSeed((int) config.seed());
			final UNet network = new UNet(spec);
			final Shape batchShape = new Shape(config.batchSize(), spec.inputChannels(), config.cropSize(), config.cropSize());
			if (initialModel != null) copyWeights(initialModel.network(), network, modelManager);
			network.initialize(modelManager, DataType.FLOAT32, batchShape);
			network.freezeNormalization(config.freezeNormalization());
			final List<Parameter> parameters = new ArrayList<>();
			for (final Pair<String, Parameter> p : network.getParameters())
				parameters.add(p.getValue());
			optimizer = new RAdam(parameters, modelManager, config.beta1(), config.beta2(), config.epsilon(), config.weightDecay());
			final int[] planeSizes = images.stream().mapToInt(PlanarFloatImage::planeSize).toArray();
			ensemble = new PredictionEnsemble(spec.classes(), config.alpha(), config.tau(), data.scribbles, planeSizes);
			final CropSampler sampler = new CropSampler(images, data.scribbles, config, new Random(config.seed()));
			final CropBatch batch = new CropBatch(config.batchSize(), spec.inputChannels(), config.cropSize());
			final TiledPredictor predictor = new TiledPredictor(network, modelManager, spec.classes(), spec.sizeMultiple(),
				config.tileSize(), config.predictionBatchPixels());
			final StepBuffers buffers = new StepBuffers(batch);
			final ParameterStore parameterStore = new ParameterStore(modelManager, false);

			long parameterCount = 0;
			for (final Parameter p : parameters)
				parameterCount += p.getArray().size();
			final double flopsPerStep = 3 * config.batchSize() * spec.forwardFlops(config.cropSize(), config.cropSize());
			final List<String> warnings = new ArrayList<>(data.warnings);
			if (schedule.usesEnsemble() && schedule.passesAfterWarmup() < 2)
				warnings.add("The prediction ensemble is updated only " + schedule.passesAfterWarmup() + " time(s) after warm-up: " +
					"for pseudo-labels averaged over time, train longer or with a shorter warm-up.");
			if (config.pseudoLabels() != PseudoLabels.NONE && !schedule.hasPseudoLabelPhase())
				warnings.add("Warm-up (" + schedule.warmupCrops() + " crops) lasts the whole training: no pseudo-labels are used.");
			final TrainingStart start = new TrainingStart(deviceName, config, schedule, data.classNames, images.size(),
				data.pixels, parameterCount, flopsPerStep, warnings);
			Scribble2LabelTrainer.this.notify(l -> l.started(start));
			startNanos = System.nanoTime(); // timings cover training, not engine start and data preparation

			long nextEnsemble = schedule.usesEnsemble() ? schedule.ensembleInterval() : Long.MAX_VALUE;
			int epochsReported = 0;
			final double[] epochSums = new double[3];
			int epochSteps = 0;
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
						final long passStart = System.nanoTime();
						updateEnsemble(predictor, images, pseudoPhase);
						// Plan the next passes from what this one really cost (bounded share of time).
						if (crops > 0) schedule.replanFromMeasuredPass(seconds(System.nanoTime() - passStart), cropsPerSecond());
						nextEnsemble = crops + schedule.ensembleInterval();
					}
				}
				catch (final CancellationException e) {
					if (handle.isCancelRequested()) throw e;
					break; // stopped early during the ensemble update
				}
				final boolean fromPrediction = pseudoPhase && config.pseudoLabels() == PseudoLabels.CURRENT_PREDICTION;
				final boolean usePseudoLabels = pseudoPhase && (fromPrediction || ensemble.updates() > 0);
				sampler.sample(batch, usePseudoLabels && !fromPrediction ? ensemble : null);
				final double learningRate = schedule.learningRate(crops);
				final float[] losses = trainStep(network, parameterStore, batch, buffers, usePseudoLabels, fromPrediction);
				// Checked before the update, so that the weights are never touched by a broken step.
				if (!NonFiniteException.allFinite(losses))
					throw new TrainingDivergedException("the loss", steps + 1, learningRate);
				if (!FiniteParameters.gradientsFinite(network))
					throw new TrainingDivergedException("a gradient", steps + 1, learningRate);
				optimizer.step(learningRate);
				crops += batch.size;
				steps++;
				final StepProgress progress = new StepProgress(steps, crops, schedule.totalCrops(), schedule.epoch(crops),
					learningRate, losses[0], losses[1], losses[2], usePseudoLabels, cropsPerSecond());
				Scribble2LabelTrainer.this.notify(l -> l.stepFinished(progress));
				for (int k = 0; k < 3; k++)
					epochSums[k] += losses[k];
				epochSteps++;
				// Report each completed epoch, and the last, partial one at the end of the run.
				final int epoch = (int) (crops / schedule.cropsPerEpoch());
				if (epoch > epochsReported || crops >= schedule.totalCrops()) {
					epochsReported = Math.max(epoch, epochsReported + 1);
					final EpochProgress e = new EpochProgress(epochsReported, crops, epochSums[0] / epochSteps,
						epochSums[1] / epochSteps, epochSums[2] / epochSteps, lastCoverage, cropsPerSecond(), ensembleShare(),
						seconds(System.nanoTime() - startNanos));
					Scribble2LabelTrainer.this.notify(l -> l.epochFinished(e));
					Arrays.fill(epochSums, 0);
					epochSteps = 0;
				}
			}
			if (steps == 0) throw new CancellationException("Stopped before the first training step: there is no model to keep.");
			if (!FiniteParameters.weightsFinite(network)) throw new TrainingDivergedException("a weight", steps, schedule.learningRate(crops));
			final boolean completed = crops >= schedule.totalCrops();
			final double seconds = seconds(System.nanoTime() - startNanos);
			final List<String> names = new ArrayList<>();
			data.images.forEach(i -> names.add(i.name()));
			final TrainingRecord record = new TrainingRecord(completed, crops, schedule.totalCrops(), steps,
				ensemble.updates(), seconds, deviceName, names, Instant.now().toString());
			// The model gets a copy of the parameters in a manager of its own: no gradient buffers,
			// no optimiser state, nothing else of the session.
			final NDManager finalManager = engine.newBaseManager(device);
			final UNet trained = new UNet(spec);
			try {
				copyWeights(network, trained, finalManager);
				trained.initialize(finalManager, DataType.FLOAT32, batchShape);
				for (final Pair<String, Parameter> p : trained.getParameters())
					p.getValue().getArray().setRequiresGradient(false);
			}
			catch (final RuntimeException e) {
				finalManager.close();
				throw e;
			}
			final Scribble2LabelModel model = new Scribble2LabelModel(trained, finalManager, data.classNames, normalization,
				config, record);
			return new TrainingResult(model, summary(completed ? TrainingSummary.Outcome.COMPLETED
				: TrainingSummary.Outcome.STOPPED_EARLY, null), finalEnsemble(images));
		}

		/** The ensemble's averages, handed over with the result: the training no longer updates them. */
		private TrainingEnsemble finalEnsemble(final List<PlanarFloatImage> images) {
			if (ensemble == null || ensemble.updates() == 0) return null;
			final List<Img<FloatType>> averages = new ArrayList<>();
			for (int i = 0; i < images.size(); i++)
				averages.add(planarView(ensemble.average(i), images.get(i).width(), images.get(i).height()));
			return new TrainingEnsemble(averages, config.tau(), ensemble.updates());
		}

		private void updateEnsemble(final TiledPredictor predictor, final List<PlanarFloatImage> images,
			final boolean pseudoLabelsActive)
		{
			final long t0 = System.nanoTime();
			final int classes = ensemble.classes();
			try {
				int first = 0;
				while (first < images.size()) {
					int end = first;
					long chunk = 0;
					while (end < images.size() && (end == first || chunk + images.get(end).planeSize() <= ENSEMBLE_CHUNK_PIXELS))
						chunk += images.get(end++).planeSize();
					final List<TileSource> sources = new ArrayList<>();
					final List<float[][]> outputs = new ArrayList<>();
					for (int i = first; i < end; i++) {
						sources.add(TileSource.of(images.get(i)));
						outputs.add(new float[classes][images.get(i).planeSize()]);
					}
					predictor.predict(sources, outputs, () -> handle.isCancelRequested() || handle.isStopRequested());
					for (int i = first; i < end; i++)
						ensemble.update(i, outputs.get(i - first));
					first = end;
				}
				ensemble.passFinished();
				lastCoverage = ensemble.coverage();
			}
			finally {
				ensembleNanos += System.nanoTime() - t0;
			}
			final List<Img<FloatType>> averages = new ArrayList<>();
			for (int i = 0; i < images.size(); i++)
				averages.add(planarView(ensemble.average(i), images.get(i).width(), images.get(i).height()));
			final EnsembleProgress progress = new EnsembleProgress(ensemble.updates(), crops, pseudoLabelsActive,
				lastCoverage, seconds(System.nanoTime() - t0), ensembleShare(), averages, config.tau());
			Scribble2LabelTrainer.this.notify(l -> l.ensembleUpdated(progress));
		}

		private float[] trainStep(final UNet network, final ParameterStore parameterStore, final CropBatch batch,
			final StepBuffers buffers, final boolean pseudoLabels, final boolean fromPrediction)
		{
			try (NDManager step = modelManager.newSubManager()) {
				buffers.fill(batch);
				final int n = batch.size, c = batch.channels, s = batch.crop;
				final NDArray x = step.create(buffers.images, new Shape(n, c, s, s), DataType.FLOAT32);
				NDArray target = step.create(buffers.targets, new Shape(n, s, s), DataType.INT64);
				final NDArray scribbleWeights = step.create(buffers.scribbleWeights, new Shape(n, s, s), DataType.FLOAT32);
				NDArray pseudoWeights = pseudoLabels && !fromPrediction
					? step.create(buffers.pseudoWeights, new Shape(n, s, s), DataType.FLOAT32) : null;
				final NDList losses;
				try (GradientCollector collector = DjlRuntime.engine().newGradientCollector()) {
					final NDArray logits = network.forward(parameterStore, new NDList(x), true).singletonOrThrow();
					if (fromPrediction) {
						final NDList pseudo = ScribbleLoss.currentPredictionPseudoLabels(logits, target, scribbleWeights,
							(float) config.tau());
						target = pseudo.get(0);
						pseudoWeights = pseudo.get(1);
					}
					losses = ScribbleLoss.compute(logits, target, scribbleWeights, pseudoWeights, (float) config.lambda());
					collector.backward(losses.get(0));
				}
				return new float[] { losses.get(0).getFloat(), losses.get(1).getFloat(), losses.get(2).getFloat() };
			}
		}

		private void checkCancelled() {
			if (handle.isCancelRequested()) throw new CancellationException("Training cancelled");
		}

		private double cropsPerSecond() {
			final double trainingSeconds = seconds(System.nanoTime() - startNanos - ensembleNanos);
			return trainingSeconds > 0 ? crops / trainingSeconds : 0;
		}

		private double ensembleShare() {
			final long total = System.nanoTime() - startNanos;
			return total > 0 ? (double) ensembleNanos / total : 0;
		}

		TrainingSummary summary(final Throwable error) {
			return summary(error instanceof CancellationException ? TrainingSummary.Outcome.CANCELLED
				: TrainingSummary.Outcome.FAILED, error instanceof CancellationException ? null : error);
		}

		TrainingSummary summary(final TrainingSummary.Outcome outcome, final Throwable error) {
			return new TrainingSummary(outcome, steps, crops, schedule == null ? 0 : schedule.totalCrops(),
				ensemble == null ? 0 : ensemble.updates(), seconds(System.nanoTime() - startNanos), seconds(ensembleNanos),
				cropsPerSecond(), lastCoverage, deviceName, error);
		}

		void close() {
			if (optimizer != null) optimizer.close();
			if (modelManager != null) modelManager.close();
			if (device != null) DjlRuntime.releaseCachedMemory(device);
		}
	}

	private static double seconds(final long nanos) {
		return nanos / 1e9;
	}

	/** An (X, Y, classes) view of class planes, without copying. */
	private static Img<FloatType> planarView(final float[][] planes, final int width, final int height) {
		final List<FloatArray> arrays = new ArrayList<>();
		for (final float[] plane : planes)
			arrays.add(new FloatArray(plane));
		final PlanarImg<FloatType, FloatArray> img = new PlanarImg<>(arrays, new long[] { width, height, planes.length },
			new Fraction());
		img.setLinkedType(new FloatType(img));
		return img;
	}

	/** Copies all parameters (BatchNorm statistics included) into {@code manager}, on its device. */
	private static void copyWeights(final UNet from, final UNet to, final NDManager manager) {
		try {
			final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			from.saveParameters(new DataOutputStream(bytes));
			to.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
		}
		catch (final IOException | MalformedModelException e) {
			throw new IllegalStateException("Cannot copy the weights of the model: " + e.getMessage(), e);
		}
	}

	/** Direct buffers reused by every step: the engine reads them without copying. */
	private static final class StepBuffers {
		final ByteBuffer images, targets, scribbleWeights, pseudoWeights;

		StepBuffers(final CropBatch batch) {
			images = allocate(batch.images.length * Float.BYTES);
			targets = allocate(batch.targets.length * Long.BYTES);
			scribbleWeights = allocate(batch.scribbleWeights.length * Float.BYTES);
			pseudoWeights = allocate(batch.pseudoWeights.length * Float.BYTES);
		}

		private static ByteBuffer allocate(final int bytes) {
			return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
		}

		void fill(final CropBatch batch) {
			images.clear();
			images.asFloatBuffer().put(batch.images);
			targets.clear();
			targets.asLongBuffer().put(batch.targets);
			scribbleWeights.clear();
			scribbleWeights.asFloatBuffer().put(batch.scribbleWeights);
			pseudoWeights.clear();
			pseudoWeights.asFloatBuffer().put(batch.pseudoWeights);
		}
	}
}
