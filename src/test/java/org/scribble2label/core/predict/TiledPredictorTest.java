package org.scribble2label.core.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.scribble2label.core.image.PlanarFloatImage;
import org.scribble2label.core.model.DjlRuntime;
import org.scribble2label.core.model.UNet;
import org.scribble2label.core.model.UNetSpec;

class TiledPredictorTest {

	private static NDManager manager;
	private static UNet network;

	@BeforeAll
	static void network() {
		DjlRuntime.prepareThread();
		manager = DjlRuntime.engine().newBaseManager();
		DjlRuntime.engine().setRandomSeed(3);
		network = new UNet(new UNetSpec(2, 8, 1, 2));
		network.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 32, 32));
	}

	@AfterAll
	static void close() {
		manager.close();
	}

	private static float[][] predict(final PlanarFloatImage image, final int tile, final long batchPixels) {
		final float[][] out = new float[2][image.planeSize()];
		new TiledPredictor(network, manager, 2, 4, tile, batchPixels).predict(List.of(TileSource.of(image)), List.<float[][]>of(out),
			() -> false);
		return out;
	}

	@Test
	void tiledEqualsUntiledAwayFromTileBorders() {
		final Random random = new Random(5);
		final PlanarFloatImage image = new PlanarFloatImage(1, 203, 150);
		for (int i = 0; i < image.data().length; i++)
			image.data()[i] = (float) Math.sin(i % 203 / 9.0) * (float) Math.cos(i / 203 / 7.0) + 0.1f * (float) random.nextGaussian();
		final float[][] whole = predict(image, 256, 1 << 20);
		final float[][] tiled = predict(image, 64, 3 * 64 * 64);
		double maxDifference = 0, meanDifference = 0;
		for (int i = 0; i < whole[1].length; i++) {
			final double d = Math.abs(whole[1][i] - tiled[1][i]);
			maxDifference = Math.max(maxDifference, d);
			meanDifference += d / whole[1].length;
			assertEquals(1, tiled[0][i] + tiled[1][i], 1e-5, "probabilities sum to 1");
		}
		// A depth-2 U-Net sees about 20 pixels around a pixel; tiles overlap by 16 and blend.
		assertTrue(meanDifference < 0.01, "mean difference " + meanDifference);
		assertTrue(maxDifference < 0.15, "max difference " + maxDifference);
	}

	@Test
	void batchingDoesNotChangeTheResult() {
		final PlanarFloatImage image = new PlanarFloatImage(1, 100, 70);
		for (int i = 0; i < image.data().length; i++)
			image.data()[i] = (i * 37 % 101) / 100f;
		final float[][] oneByOne = predict(image, 32, 1);
		final float[][] batched = predict(image, 32, 1 << 20);
		for (int i = 0; i < oneByOne[1].length; i++)
			assertEquals(oneByOne[1][i], batched[1][i], 1e-5);
	}

	/** Progress counts tiles up to all of them, and a cancel stops after the current batch with what is done. */
	@Test
	void reportsTilesDoneAndStopsWhenCancelled() {
		final PlanarFloatImage image = new PlanarFloatImage(1, 100, 70);
		final List<long[]> reports = new java.util.ArrayList<>();
		final TiledPredictor predictor = new TiledPredictor(network, manager, 2, 4, 32, 1);
		predictor.predict(List.of(TileSource.of(image)), List.<float[][]>of(new float[2][image.planeSize()]), () -> false,
			(done, total) -> reports.add(new long[] { done, total }));
		final long total = reports.get(0)[1];
		assertTrue(total > 4, "tiles " + total);
		assertEquals(total + 1, reports.size(), "0, then once per batch of one tile");
		for (int i = 0; i < reports.size(); i++)
			assertArrayEquals(new long[] { i, total }, reports.get(i));
		final java.util.concurrent.atomic.AtomicLong seen = new java.util.concurrent.atomic.AtomicLong();
		org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CancellationException.class, () -> predictor.predict(
			List.of(TileSource.of(image)), List.<float[][]>of(new float[2][image.planeSize()]), () -> seen.get() >= 2,
			(done, all) -> seen.set(done)));
		assertEquals(2, seen.get(), "stopped after the batch during which it was cancelled");
	}

	@Test
	void axisWeightsArePartitionsOfUnityAndTilesCoverTheAxis() {
		for (final int size : new int[] { 1, 15, 64, 65, 200, 1000, 1041 }) {
			final AxisTiling t = new AxisTiling(size, 64, 16, 16);
			final double[] sum = new double[size];
			for (int k = 0; k < t.origins.length; k++) {
				assertEquals(0, t.origins[k] % 16, "tile origins on the network's grid");
				for (int i = 0; i < t.tileLength && t.origins[k] + i < size; i++)
					sum[t.origins[k] + i] += t.weights[k][i];
			}
			for (int p = 0; p < size; p++)
				assertEquals(1, sum[p], 1e-6, "size " + size + " pixel " + p);
			assertTrue(t.tileLength <= 64 || t.origins.length == 1);
		}
	}

	/** A stand-in network that runs out of memory above a number of pixels per batch (as CSBDeep's tests do). */
	private static final class MemoryHungryNetwork extends ai.djl.nn.AbstractBlock {
		final long limit;
		int calls;

		MemoryHungryNetwork(final long limit) {
			this.limit = limit;
		}

		@Override
		protected ai.djl.ndarray.NDList forwardInternal(final ai.djl.training.ParameterStore parameters,
			final ai.djl.ndarray.NDList inputs, final boolean training, final ai.djl.util.PairList<String, Object> params)
		{
			calls++;
			final Shape s = inputs.singletonOrThrow().getShape();
			if (s.get(0) * s.get(2) * s.get(3) > limit)
				throw new ai.djl.engine.EngineException("DefaultCPUAllocator: can't allocate memory: you tried to allocate " +
					s.size() * 64 + " bytes.");
			// Logits favouring class 1 by the input value: probabilities show where each tile went.
			final ai.djl.ndarray.NDArray x = inputs.singletonOrThrow().get(":, 0:1, :, :");
			return new ai.djl.ndarray.NDList(ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(x.zerosLike(), x), 1));
		}

		@Override
		public Shape[] getOutputShapes(final Shape[] inputShapes) {
			return inputShapes;
		}
	}

	@Test
	void outOfMemoryRetriesWithSmallerTilesThenSaysWhichSize() {
		final PlanarFloatImage image = new PlanarFloatImage(1, 130, 90);
		for (int i = 0; i < image.data().length; i++)
			image.data()[i] = (i % 7) / 7f;
		final MemoryHungryNetwork network = new MemoryHungryNetwork(40 * 40);
		final TiledPredictor predictor = new TiledPredictor(network, manager, 2, 4, 128, 1 << 20);
		final float[][] out = new float[2][image.planeSize()];
		predictor.predict(List.of(TileSource.of(image)), List.<float[][]>of(out), () -> false);
		assertTrue(predictor.tileSizeUsed() <= 40, "tile " + predictor.tileSizeUsed());
		for (int i = 0; i < out[1].length; i++)
			assertEquals(1 / (1 + Math.exp(-image.data()[i])), out[1][i], 1e-5, "the result of the smaller tiles is complete");

		final TiledPredictor hopeless = new TiledPredictor(new MemoryHungryNetwork(10), manager, 2, 4, 128, 1 << 20);
		final IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
			() -> hopeless.predict(List.of(TileSource.of(image)), List.<float[][]>of(out), () -> false));
		assertTrue(e.getMessage().contains("even with tiles of 16 x 16 pixels, one at a time"), e.getMessage());
	}

	@Test
	void mirrorIsReflect101() {
		final int[] expected = { 3, 2, 1, 0, 1, 2, 3, 2, 1 };
		for (int i = -3; i <= 5; i++)
			assertEquals(expected[i + 3], TileSource.mirror(i, 4));
		assertEquals(0, TileSource.mirror(7, 1));
	}
}
