package org.scribble2label.core.scribbles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Harris response and corner peaks. Expected peak positions are those of scikit-image 0.19.3
 * {@code corner_peaks(corner_harris(image), min_distance=5, threshold_rel=0.1)} on the same images.
 */
class HarrisCornersTest {

	private static int[] peaksOf(final boolean[] image, final int w, final int h) {
		return HarrisCorners.peaks(HarrisCorners.response(image, w, h, 0.05, 1), w, h, 5, 0.1);
	}

	private static int at(final int x, final int y, final int w) {
		return y * w + x;
	}

	@Test
	void lShapedSkeletonHasAPeakAtItsCorner() {
		final int w = 30, h = 30;
		final boolean[] image = new boolean[w * h];
		for (int y = 8; y <= 22; y++)
			image[at(8, y, w)] = true;
		for (int x = 8; x <= 22; x++)
			image[at(x, 22, w)] = true;
		// The corner (8, 22) peaks one pixel diagonally inside it, so erasing its 3x3 cuts the L there;
		// the two free ends peak too.
		assertArrayEquals(new int[] { at(8, 8, w), at(9, 21, w), at(22, 22, w) }, peaksOf(image, w, h));
	}

	@Test
	void straightLinesPeakOnlyAtTheirEnds() {
		final int w = 40, h = 30;
		final boolean[] horizontal = new boolean[w * h];
		for (int x = 8; x <= 31; x++)
			horizontal[at(x, 15, w)] = true;
		assertArrayEquals(new int[] { at(8, 15, w), at(31, 15, w) }, peaksOf(horizontal, w, h));

		final boolean[] diagonal = new boolean[40 * 40];
		for (int i = 8; i <= 31; i++)
			diagonal[at(i, i, 40)] = true;
		assertArrayEquals(new int[] { at(8, 8, 40), at(31, 31, 40) }, peaksOf(diagonal, 40, 40));

		// Ends within 5 pixels of the border are excluded: no peak at all.
		final boolean[] nearBorder = new boolean[w * h];
		for (int x = 3; x <= 36; x++)
			nearBorder[at(x, 15, w)] = true;
		assertArrayEquals(new int[0], peaksOf(nearBorder, w, h));
	}

	@Test
	void gaussianWeightsAreSciPysNormalisedKernel() {
		final double[] weights = HarrisCorners.gaussianWeights(1);
		assertEquals(5, weights.length, "radius round(4 sigma) = 4");
		// SciPy's kernel (exp(-x²/2) over its NumPy sum) with exp from the C library, as NumPy of 2020
		// used for float64; centre outwards. (Newer NumPy's vectorised exp can differ in the last bit.)
		final double[] scipy = { 0.39894346935609776, 0.24197144565660073, 0.05399112742070441, 0.0044318616200312655,
			0.00013383062461474175 };
		assertArrayEquals(scipy, weights);
		assertEquals(1, weights[0] + 2 * (weights[1] + weights[2] + weights[3] + weights[4]), 1e-15);
	}

	@Test
	void plateauTiesKeepTheFirstInRasterOrderAndThresholdIsStrict() {
		final int w = 30, h = 30;
		final double[] response = new double[w * h];
		// Two equal maxima 3 apart: one peak (the earlier in raster order).
		response[at(12, 10, w)] = 1;
		response[at(9, 13, w)] = 1;
		// Equal maxima 6 apart in Y: both.
		response[at(20, 8, w)] = 1;
		response[at(20, 14, w)] = 1;
		// A lower local maximum above 0.1 of the maximum: kept; one at exactly 0.1: not (strict).
		response[at(8, 22, w)] = 0.25;
		response[at(20, 22, w)] = 0.1;
		// A maximum within 5 pixels of the border: excluded.
		response[at(4, 15, w)] = 2;
		assertArrayEquals(new int[] { at(20, 8, w), at(12, 10, w), at(20, 14, w), at(8, 22, w) },
			HarrisCorners.peaks(response, w, h, 5, 0.1));
	}

	@Test
	void numpySumMatchesPairwiseOrder() {
		// Eight partial sums combined in pairs, then the ninth: differs from a plain left-to-right sum here.
		final double[] a = { 1e16, 1, 1, 1, 1, 1, 1, 1, 1 };
		double plain = 0;
		for (final double v : a)
			plain += v;
		assertEquals(1e16, plain);
		assertEquals(1e16 + 8, HarrisCorners.numpySum(a));
	}
}
