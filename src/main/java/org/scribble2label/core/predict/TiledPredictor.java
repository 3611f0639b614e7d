package org.scribble2label.core.predict;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import org.scribble2label.core.NonFiniteException;

/**
 * Whole-image prediction in tiles of bounded size, batched across tiles and images, blended
 * with {@link AxisTiling}'s weights. Used for the prediction ensemble during training and for
 * prediction of new images; the network runs in evaluation mode (BatchNorm running statistics).
 */
public final class TiledPredictor {

	private final Block network;
	private final NDManager manager;
	private final int classes;
	private final int multiple;
	private final int maxTile;
	private final long batchPixels;
	private int tileUsed;

	/**
	 * @param network the U-Net, initialised on {@code manager}'s device
	 * @param classes output channels of the network
	 * @param multiple the network's input size multiple (2^depth)
	 * @param maxTile longest tile side (a multiple of {@code multiple})
	 * @param batchPixels pixels per forward pass; at least one tile is always predicted
	 */
	public TiledPredictor(final Block network, final NDManager manager, final int classes, final int multiple,
		final int maxTile, final long batchPixels)
	{
		if (maxTile % multiple != 0) throw new IllegalArgumentException("Tile size " + maxTile + " is not a multiple of " + multiple);
		this.network = network;
		this.manager = manager;
		this.classes = classes;
		this.multiple = multiple;
		this.maxTile = maxTile;
		this.batchPixels = batchPixels;
	}

	/** Overlap at least the context the network needs near a tile edge (about 4 x 2^depth). */
	private int overlap(final int tile) {
		return Math.max(4 * multiple, tile / 8);
	}

	/** The longest tile side the last prediction used: smaller than asked after running out of memory. */
	public int tileSizeUsed() {
		return tileUsed;
	}

	/**
	 * Predicts class probabilities of every source.
	 *
	 * @param outputs per source one plane (width x height, row-major) per class, filled here
	 *          (previous content is overwritten)
	 * @param cancelled checked between batches; when it turns true a {@link CancellationException}
	 *          is thrown and the outputs are incomplete
	 */
	public void predict(final List<TileSource> sources, final List<float[][]> outputs, final BooleanSupplier cancelled) {
		predict(sources, outputs, cancelled, (done, total) -> {});
	}

	/** Progress of a prediction: tiles done of all tiles, after each batch. */
	@FunctionalInterface
	public interface Progress {
		/** Called on the predicting thread; after a retry with smaller tiles, counting starts again. */
		void tilesDone(long done, long total);
	}

	/**
	 * Predicts as {@link #predict(List, List, BooleanSupplier)}, reporting the tiles done.
	 */
	public void predict(final List<TileSource> sources, final List<float[][]> outputs, final BooleanSupplier cancelled,
		final Progress progress)
	{
		if (sources.size() != outputs.size()) throw new IllegalArgumentException("One output per source is needed");
		// Out of memory: retry one tile at a time, then with tiles half as long, down to a few times 2^depth.
		int tile = maxTile;
		long batch = batchPixels;
		while (true) {
			try {
				tileUsed = tile;
				predict(sources, outputs, cancelled, progress, tile, batch);
				return;
			}
			catch (final RuntimeException | OutOfMemoryError e) {
				if (!isOutOfMemory(e)) throw e;
				if (e instanceof OutOfMemoryError)
					throw new IllegalStateException("Java ran out of memory while predicting (" + e.getMessage() + "): give Fiji " +
						"more memory (Edit > Options > Memory & Threads) or predict a smaller image.", e);
				if (batch > (long) tile * tile) {
					batch = (long) tile * tile;
					continue;
				}
				final int smaller = tile / 2 / multiple * multiple;
				if (smaller < 4 * multiple)
					throw new IllegalStateException("Out of memory while predicting, even with tiles of " + tile + " x " + tile +
						" pixels, one at a time. Close other programs or images, give Fiji more memory (Edit > Options > Memory), " +
						"or use the CPU instead of the GPU.", e);
				tile = smaller;
				batch = (long) tile * tile;
			}
		}
	}

	/** Whether an error means that memory ran out: Java's own, or the engine's (CPU or CUDA allocator). */
	static boolean isOutOfMemory(final Throwable e) {
		if (e instanceof OutOfMemoryError) return true;
		final String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
		return message.contains("out of memory") || message.contains("can't allocate memory") ||
			message.contains("cannot allocate memory") || message.contains("failed to allocate") ||
			message.contains("not enough memory");
	}

	private void predict(final List<TileSource> sources, final List<float[][]> outputs, final BooleanSupplier cancelled,
		final Progress progress, final int tileSize, final long batchLimit)
	{
		final int overlap = overlap(tileSize);
		final Map<Long, List<Tile>> byShape = new LinkedHashMap<>();
		for (int s = 0; s < sources.size(); s++) {
			final TileSource source = sources.get(s);
			final float[][] out = outputs.get(s);
			if (out.length != classes)
				throw new IllegalArgumentException("Output " + s + " needs one plane per class");
			for (final float[] plane : out) {
				if (plane.length != (long) source.width() * source.height())
					throw new IllegalArgumentException("Output " + s + " has the wrong size");
				java.util.Arrays.fill(plane, 0f);
			}
			final AxisTiling tx = new AxisTiling(source.width(), tileSize, overlap, multiple);
			final AxisTiling ty = new AxisTiling(source.height(), tileSize, overlap, multiple);
			for (int j = 0; j < ty.origins.length; j++)
				for (int i = 0; i < tx.origins.length; i++)
					byShape.computeIfAbsent(((long) ty.tileLength << 32) | tx.tileLength, k -> new ArrayList<>())
						.add(new Tile(source, out, tx, i, ty, j));
		}
		long total = 0, done = 0;
		for (final List<Tile> tiles : byShape.values())
			total += tiles.size();
		progress.tilesDone(0, total);
		for (final List<Tile> tiles : byShape.values()) {
			final int tw = tiles.get(0).x.tileLength, th = tiles.get(0).y.tileLength;
			final int perBatch = (int) Math.max(1, Math.min(tiles.size(), batchLimit / ((long) tw * th)));
			final int channels = tiles.get(0).source.channels();
			final int tileValues = channels * tw * th;
			final ByteBuffer input = ByteBuffer.allocateDirect(perBatch * tileValues * Float.BYTES).order(ByteOrder.nativeOrder());
			final float[] tileBuffer = new float[tileValues];
			for (int start = 0; start < tiles.size(); start += perBatch) {
				if (cancelled.getAsBoolean()) throw new CancellationException("Prediction cancelled");
				final int n = Math.min(perBatch, tiles.size() - start);
				input.clear();
				for (int t = 0; t < n; t++) {
					final Tile tile = tiles.get(start + t);
					tile.source.read(tile.x.origins[tile.i], tile.y.origins[tile.j], tw, th, tileBuffer, 0);
					input.asFloatBuffer().position(t * tileValues).put(tileBuffer);
				}
				final float[] probabilities = forward(input, n, channels, th, tw);
				for (int t = 0; t < n; t++)
					tiles.get(start + t).accumulate(probabilities, t * classes * tw * th, classes);
				done += n;
				progress.tilesDone(done, total);
			}
		}
	}

	private float[] forward(final ByteBuffer input, final int n, final int channels, final int h, final int w) {
		try (NDManager step = manager.newSubManager()) {
			final ByteBuffer view = input.duplicate().order(ByteOrder.nativeOrder());
			view.position(0).limit(n * channels * h * w * Float.BYTES);
			NDArray x = step.create(view.slice().order(ByteOrder.nativeOrder()), new Shape(n, channels, h, w), DataType.FLOAT32);
			if (!manager.getDevice().equals(x.getDevice())) x = x.toDevice(manager.getDevice(), false);
			final NDArray logits = network.forward(new ParameterStore(step, false), new NDList(x), false).singletonOrThrow();
			final float[] probabilities = logits.softmax(1).toFloatArray();
			// A NaN here would otherwise become an all-background mask that looks like a result.
			if (!NonFiniteException.allFinite(probabilities))
				throw new NonFiniteException("The network predicted NaN or infinite values, so no result is written. Its weights " +
					"may come from a diverged training: train the model again. " + NonFiniteException.ENGINE_ADVICE);
			return probabilities;
		}
	}

	private static final class Tile {
		final TileSource source;
		final float[][] out;
		final AxisTiling x, y;
		final int i, j;

		Tile(final TileSource source, final float[][] out, final AxisTiling x, final int i, final AxisTiling y, final int j) {
			this.source = source;
			this.out = out;
			this.x = x;
			this.i = i;
			this.y = y;
			this.j = j;
		}

		void accumulate(final float[] probabilities, final int offset, final int classes) {
			final int width = source.width(), height = source.height();
			final int x0 = x.origins[i], y0 = y.origins[j], tw = x.tileLength, th = y.tileLength;
			final float[] wx = x.weights[i], wy = y.weights[j];
			final int w = Math.min(tw, width - x0), h = Math.min(th, height - y0);
			for (int c = 0; c < classes; c++) {
				final int in = offset + c * tw * th;
				final float[] plane = out[c];
				for (int r = 0; r < h; r++) {
					final float rowWeight = wy[r];
					final int src = in + r * tw, dst = (y0 + r) * width + x0;
					for (int q = 0; q < w; q++)
						plane[dst + q] += rowWeight * wx[q] * probabilities[src + q];
				}
			}
		}
	}
}
