package org.scribble2label.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import net.imglib2.img.array.ArrayImgs;

class PercentileNormalizationTest {

	@Test
	void mapsLowAndHighPercentilesToZeroAndOne() {
		final float[] values = new float[101];
		for (int i = 0; i <= 100; i++)
			values[i] = 10 + 2 * i;
		final PlanarFloatImage image = new PlanarFloatImage(1, 101, 1, values.clone());
		new PercentileNormalization(10, 90).normalizeInPlace(image);
		assertEquals(0, image.get(0, 10, 0), 1e-6);
		assertEquals(1, image.get(0, 90, 0), 1e-6);
		assertEquals(0.5, image.get(0, 50, 0), 1e-6);
		final double[][] ranges = new PercentileNormalization(10, 90).ranges(ArrayImgs.floats(values, 101, 1));
		assertEquals(30, ranges[0][0], 1e-6);
		assertEquals(190, ranges[0][1], 1e-6);
	}

	@Test
	void interpolatesBetweenRanksAsNumpy() {
		// numpy.percentile([1, 2, 3, 4], 99.8) = 3.994
		assertEquals(3.994, PercentileNormalization.percentile(new float[] { 1, 2, 3, 4 }, 4, 99.8), 1e-6);
	}

	@Test
	void selectionAgreesWithSortingOnRandomData() {
		final java.util.Random random = new java.util.Random(9);
		for (int trial = 0; trial < 50; trial++) {
			final int n = 1 + random.nextInt(300);
			final float[] values = new float[n];
			for (int i = 0; i < n; i++)
				values[i] = random.nextInt(20) + (random.nextBoolean() ? 0 : random.nextFloat());
			final float[] sorted = values.clone();
			java.util.Arrays.sort(sorted);
			final double p = random.nextDouble() * 100;
			final double rank = p / 100 * (n - 1);
			final int lo = (int) Math.floor(rank);
			final double expected = sorted[lo] + (rank - lo) * (sorted[Math.min(n - 1, lo + 1)] - sorted[lo]);
			assertEquals(expected, PercentileNormalization.percentile(values.clone(), n, p), 1e-5);
		}
	}

	@Test
	void constantAndNonFiniteImagesStayFinite() {
		final PlanarFloatImage constant = new PlanarFloatImage(1, 4, 1, new float[] { 7, 7, 7, 7 });
		new PercentileNormalization(1, 99.8).normalizeInPlace(constant);
		for (final float v : constant.data())
			assertEquals(0, v, 0);
		final PlanarFloatImage broken = new PlanarFloatImage(1, 4, 1, new float[] { Float.NaN, 0, 1, Float.POSITIVE_INFINITY });
		new PercentileNormalization(0, 100).normalizeInPlace(broken);
		assertEquals(0, broken.get(0, 0, 0), 0);
		assertEquals(1, broken.get(0, 2, 0), 0);
		assertEquals(0, broken.get(0, 3, 0), 0);
	}

	@Test
	void normalisesEachChannelOnItsOwn() {
		final PlanarFloatImage image = new PlanarFloatImage(2, 2, 1, new float[] { 0, 10, 100, 300 });
		new PercentileNormalization(0, 100).normalizeInPlace(image);
		assertEquals(1, image.get(0, 1, 0), 1e-6);
		assertEquals(1, image.get(1, 1, 0), 1e-6);
		assertEquals(0, image.get(1, 0, 0), 1e-6);
	}
}
