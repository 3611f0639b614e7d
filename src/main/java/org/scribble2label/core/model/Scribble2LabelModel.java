package org.scribble2label.core.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.scribble2label.core.DeviceChoice;
import org.scribble2label.core.NonFiniteException;
import org.scribble2label.core.TrainingConfig;
import org.scribble2label.core.image.PercentileNormalization;
import org.scribble2label.core.predict.Prediction;
import org.scribble2label.core.predict.TileSource;
import org.scribble2label.core.predict.TiledPredictor;

/**
 * A trained Scribble2Label network with everything needed to apply it: architecture, weights,
 * class names, the intensity normalisation and how it was trained. Holds native memory:
 * {@link #close()} it when done.
 */
public final class Scribble2LabelModel implements AutoCloseable {

	private final NetworkSpec spec;
	private final Block network;
	private final NDManager manager;
	private final List<String> classNames;
	private final PercentileNormalization normalization;
	private final TrainingConfig config;
	private final TrainingRecord record;

	/**
	 * Takes ownership of {@code manager}, which holds the network's parameters.
	 *
	 * @param network an initialised network of the architecture {@code spec}
	 */
	public Scribble2LabelModel(final NetworkSpec spec, final Block network, final NDManager manager,
		final List<String> classNames, final PercentileNormalization normalization, final TrainingConfig config,
		final TrainingRecord record)
	{
		if (classNames.size() != spec.classes())
			throw new IllegalArgumentException(classNames.size() + " class names for " + spec.classes() + " classes");
		this.spec = spec;
		this.network = network;
		this.manager = manager;
		this.classNames = Collections.unmodifiableList(new ArrayList<>(classNames));
		this.normalization = normalization;
		this.config = config;
		this.record = record;
	}

	/** Reads a model file onto the chosen device. */
	public static Scribble2LabelModel load(final Path file, final DeviceChoice device) throws ModelFileException {
		// ModelArchive refuses NaN and infinite weights before they are decoded (CheckedWeights).
		return ModelArchive.read(file, DjlRuntime.device(device));
	}

	/**
	 * Writes this model as one zip file, atomically: a temporary file in the same folder is
	 * moved into place once complete.
	 *
	 * @param overwrite whether an existing file may be replaced
	 */
	public void save(final Path file, final boolean overwrite) throws IOException {
		if (!FiniteParameters.weightsFinite(network))
			throw new NonFiniteException("The model has NaN or infinite weights and is not saved: its training diverged.");
		ModelArchive.write(this, file, overwrite);
	}

	/** Predicts an image; see {@link #predict(RandomAccessibleInterval, BooleanSupplier)}. */
	public Prediction predict(final RandomAccessibleInterval<? extends RealType<?>> image) {
		return predict(image, () -> false);
	}

	/**
	 * Predicts class probabilities and labels of an image, in tiles, each slice normalised by
	 * its own percentiles.
	 *
	 * @param image (X, Y), or (X, Y, C) for a model with C > 1 input channels; a stack is
	 *          (X, Y, Z) for one channel or (X, Y, C, Z)
	 * @param cancelled polled between batches of tiles; when true, a
	 *          {@link java.util.concurrent.CancellationException} ends the prediction
	 */
	public Prediction predict(final RandomAccessibleInterval<? extends RealType<?>> image, final BooleanSupplier cancelled) {
		return predict(image, cancelled, (done, total) -> {});
	}

	/** Predicts as {@link #predict(RandomAccessibleInterval, BooleanSupplier)}, reporting the tiles done of all. */
	public Prediction predict(final RandomAccessibleInterval<? extends RealType<?>> image, final BooleanSupplier cancelled,
		final org.scribble2label.core.predict.TiledPredictor.Progress progress)
	{
		final List<RandomAccessibleInterval<? extends RealType<?>>> slices = slices(image);
		final int width = (int) image.dimension(0), height = (int) image.dimension(1);
		final int classes = spec().classes();
		final long[] probabilityDims = slices.size() == 1 && !isStack(image)
			? new long[] { width, height, classes } : new long[] { width, height, classes, slices.size() };
		final long[] labelDims = probabilityDims.length == 3 ? new long[] { width, height } : new long[] { width, height, slices.size() };
		final PlanarImg<FloatType, FloatArray> probabilities = PlanarImgs.floats(probabilityDims);
		final PlanarImg<UnsignedByteType, ByteArray> labels = PlanarImgs.unsignedBytes(labelDims);
		final List<TileSource> sources = new ArrayList<>();
		final List<float[][]> outputs = new ArrayList<>();
		for (int z = 0; z < slices.size(); z++) {
			sources.add(TileSource.normalizing(slices.get(z), normalization));
			final float[][] planes = new float[classes][];
			for (int c = 0; c < classes; c++)
				planes[c] = probabilities.getPlane(z * classes + c).getCurrentStorageArray();
			outputs.add(planes);
		}
		DjlRuntime.withoutGradients(() -> {
			predictor().predict(sources, outputs, cancelled, progress);
			return null;
		});
		for (int z = 0; z < slices.size(); z++)
			argmax(outputs.get(z), labels.getPlane(z).getCurrentStorageArray());
		return new Prediction(probabilities, labels);
	}

	/** A tiled predictor of this model with its configured tile size and batch. */
	public TiledPredictor predictor() {
		return new TiledPredictor(network, manager, spec().classes(), spec().sizeMultiple(), config.tileSize(),
			config.predictionBatchPixels());
	}

	private boolean isStack(final RandomAccessibleInterval<?> image) {
		return image.numDimensions() == 4 || image.numDimensions() == 3 && spec().inputChannels() == 1;
	}

	private List<RandomAccessibleInterval<? extends RealType<?>>> slices(final RandomAccessibleInterval<? extends RealType<?>> image) {
		final int n = image.numDimensions(), channels = spec().inputChannels();
		final List<RandomAccessibleInterval<? extends RealType<?>>> slices = new ArrayList<>();
		if (n < 2 || n > 4 || n == 2 && channels != 1)
			throw new IllegalArgumentException(shapeMessage(image));
		if (image.dimension(0) * image.dimension(1) > Integer.MAX_VALUE)
			throw new IllegalArgumentException("An image plane of " + image.dimension(0) + " x " + image.dimension(1) +
				" pixels is too large; crop it into parts of at most 2^31 pixels.");
		if (n == 2 || n == 3 && channels > 1) {
			if (n == 3 && image.dimension(2) != channels) throw new IllegalArgumentException(shapeMessage(image));
			slices.add(image);
			return slices;
		}
		final int zAxis = n - 1;
		if (n == 4 && image.dimension(2) != channels) throw new IllegalArgumentException(shapeMessage(image));
		for (long z = image.min(zAxis); z <= image.max(zAxis); z++)
			slices.add(Views.hyperSlice(image, zAxis, z));
		return slices;
	}

	private String shapeMessage(final RandomAccessibleInterval<?> image) {
		final StringBuilder dims = new StringBuilder();
		for (int d = 0; d < image.numDimensions(); d++)
			dims.append(d == 0 ? "" : " x ").append(image.dimension(d));
		return "This model expects " + (spec().inputChannels() == 1 ? "a single-channel image (X, Y) or stack (X, Y, Z)"
			: spec().inputChannels() + " channels: (X, Y, C) or (X, Y, C, Z)") + ", but the image is " + dims + ".";
	}

	private static void argmax(final float[][] probabilities, final byte[] labels) {
		for (int i = 0; i < labels.length; i++) {
			int best = 0;
			float max = probabilities[0][i];
			for (int c = 1; c < probabilities.length; c++)
				if (probabilities[c][i] > max) {
					max = probabilities[c][i];
					best = c;
				}
			labels[i] = (byte) best;
		}
	}

	public NetworkSpec spec() {
		return spec;
	}

	public Block network() {
		return network;
	}

	/** The manager holding the parameters. */
	public NDManager manager() {
		return manager;
	}

	/** Class names, background first. */
	public List<String> classNames() {
		return classNames;
	}

	public PercentileNormalization normalization() {
		return normalization;
	}

	/** The configuration the model was trained with. */
	public TrainingConfig config() {
		return config;
	}

	public TrainingRecord record() {
		return record;
	}

	@Override
	public void close() {
		manager.close();
		DjlRuntime.releaseCachedMemory(manager.getDevice());
	}
}
