package org.scribble2label.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.scribble2label.core.TrainingConfig;
import org.scribble2label.core.image.PlanarFloatImage;

/**
 * Scribble weights of a crop: per pixel as in the paper, or with an equal share per class; where
 * crops are drawn once pseudo-labels are in use.
 */
class CropSamplerTest {

	/** A 32 x 32 crop of a 32 x 32 image: 90 background and 10 object scribbles, all in the crop. */
	private static double[] classShares(final boolean balanced) {
		final short[] scribbles = new short[32 * 32];
		for (int i = 0; i < 90; i++)
			scribbles[2 * 32 + i] = 1;
		for (int i = 0; i < 10; i++)
			scribbles[20 * 32 + 5 + i] = 2;
		final TrainingConfig config = new TrainingConfig.Builder().depth(2).baseWidth(16).cropSize(32).batchSize(1)
			.augment(false).balanceClasses(balanced).build();
		final CropSampler sampler = new CropSampler(List.of(new PlanarFloatImage(1, 32, 32)), List.of(scribbles), config,
			new Random(1));
		final CropBatch batch = new CropBatch(1, 1, 32);
		sampler.sample(batch, null);
		assertEquals(100, batch.scribbled());
		final double[] shares = new double[2];
		for (int p = 0; p < batch.scribbleWeights.length; p++)
			shares[(int) batch.targets[p]] += batch.scribbleWeights[p];
		return shares;
	}

	@Test
	void everyScribbledPixelWeighsTheSame() {
		final double[] shares = classShares(false);
		assertEquals(0.9, shares[0], 1e-5);
		assertEquals(0.1, shares[1], 1e-5);
	}

	@Test
	void balancedClassesShareTheLossEqually() {
		final double[] shares = classShares(true);
		assertEquals(0.5, shares[0], 1e-5);
		assertEquals(0.5, shares[1], 1e-5);
	}

	/**
	 * Crops with at least one scribble, of 64 drawn with pseudo-labels (that label nothing) from a
	 * 256 x 256 image scribbled along rows 64 and 192: a uniform 32 x 32 crop meets a row about
	 * 28% of the time.
	 */
	private static int scribbledCrops(final boolean cropsOnScribbles) {
		final int size = 256, crop = 32, crops = 64;
		final short[] scribbles = new short[size * size];
		for (int x = 0; x < size; x++) {
			scribbles[64 * size + x] = 1;
			scribbles[192 * size + x] = 2;
		}
		final TrainingConfig config = new TrainingConfig.Builder().depth(2).baseWidth(16).cropSize(crop).batchSize(crops)
			.augment(false).cropsOnScribbles(cropsOnScribbles).build();
		final CropSampler sampler = new CropSampler(List.of(new PlanarFloatImage(1, size, size)), List.of(scribbles), config,
			new Random(3));
		final CropBatch batch = new CropBatch(crops, 1, crop);
		sampler.sample(batch, (image, pixel) -> PixelLabels.NONE);
		int scribbled = 0;
		for (int n = 0; n < crops; n++) {
			for (int p = n * crop * crop; p < (n + 1) * crop * crop; p++) {
				if (batch.scribbleWeights[p] != 0) {
					scribbled++;
					break;
				}
			}
		}
		return scribbled;
	}

	@Test
	void afterWarmUpCropsAreDrawnUniformlyAsInThePaper() {
		final int scribbled = scribbledCrops(false);
		assertTrue(scribbled >= 8 && scribbled <= 32, scribbled + " of 64 uniform crops carry scribbles");
	}

	@Test
	void cropsOnScribblesKeepsDrawingCropsThatCarryScribbles() {
		final int scribbled = scribbledCrops(true);
		assertTrue(scribbled >= 58, "only " + scribbled + " of 64 crops carry scribbles");
	}
}
