package org.scribble2label.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import org.scribble2label.core.model.DjlRuntime;

/** rLoss's relaxed Potts CRF on small batches whose value can be worked out by hand. */
class EdgeAwareCrfLossTest {

	private static final int S = 16;
	private static NDManager manager;

	@BeforeAll
	static void engine() {
		manager = DjlRuntime.engine().newBaseManager();
	}

	@AfterAll
	static void close() {
		manager.close();
	}

	private static double crf(final float[] image, final float[] logits, final int classes) {
		final NDArray x = manager.create(image, new Shape(1, 1, S, S));
		return new EdgeAwareCrfLoss().evaluate(new BatchArrays(x, null, null, null),
			manager.create(logits, new Shape(1, classes, S, S))).getFloat();
	}

	/** A grey image dark left of column 8 and bright from it on. */
	private static float[] stepImage(final float contrast) {
		final float[] image = new float[S * S];
		for (int y = 0; y < S; y++)
			for (int x = 0; x < S; x++)
				image[y * S + x] = x < 8 ? 0 : contrast;
		return image;
	}

	/** Two-class logits: class 1 (certain) from column {@code from} on, class 0 left of it. */
	private static float[] splitAt(final int from) {
		final float[] logits = new float[2 * S * S];
		for (int y = 0; y < S; y++)
			for (int x = 0; x < S; x++) {
				logits[y * S + x] = x < from ? 30 : -30;
				logits[S * S + y * S + x] = -logits[y * S + x];
			}
		return logits;
	}

	@Test
	void aCertainSingleClassPredictionCostsNothing() {
		assertEquals(0, crf(stepImage(1), splitAt(S), 2), 1e-6);
	}

	@Test
	void anUnsureFlatPredictionCostsOneMinusTheAgreementOfItsClasses() {
		// Softmax 0.5 / 0.5 everywhere on a flat image: every pair agrees with 0.5, so the term is 0.5.
		assertEquals(0.5, crf(new float[S * S], new float[2 * S * S], 2), 1e-5);
		// Three classes at 1/3: 1 - 3 / 9.
		assertEquals(2.0 / 3, crf(new float[S * S], new float[3 * S * S], 3), 1e-5);
	}

	@Test
	void aBoundaryOnTheImagesEdgeCostsLessThanTheSameBoundaryInAFlatRegion() {
		final double onEdge = crf(stepImage(1), splitAt(8), 2);
		final double offEdge = crf(stepImage(1), splitAt(4), 2);
		final double flat = crf(stepImage(0), splitAt(8), 2);
		assertTrue(onEdge < 1e-6, "a boundary along a strong edge should cost almost nothing, got " + onEdge);
		assertTrue(offEdge > 0.05, "a boundary across flat pixels should cost, got " + offEdge);
		assertEquals(offEdge, flat, 1e-5, "the same boundary in a flat region costs the same wherever it is");
	}

	@Test
	void oneCrossingPairCostsItsAffinity() {
		// Class 1 on column 15 only, flat image: the pairs that cross that boundary cost their
		// spatial weight exp(-|d|^2 / 50); the term is their sum over the weights of all pairs.
		final double expected = crossingPairs(15) / spatialSum();
		assertEquals(expected, crf(new float[S * S], splitAt(15), 2), 1e-5);
	}

	/** Sum over the 12 offsets of w(d) times the pairs (i, i + d) inside the crop with i, i + d on both sides of column c. */
	private static double crossingPairs(final int c) {
		double sum = 0;
		for (final int step : new int[] { 1, 2, 4 })
			for (final int[] d : new int[][] { { 0, 1 }, { 1, 0 }, { 1, 1 }, { 1, -1 } }) {
				final int dy = d[0] * step, dx = d[1] * step;
				int pairs = 0;
				for (int y = 0; y < S; y++)
					for (int x = 0; x < S; x++) {
						final int y2 = y + dy, x2 = x + dx;
						if (y2 < 0 || y2 >= S || x2 < 0 || x2 >= S) continue;
						if (x < c != x2 < c) pairs++;
					}
				sum += pairs * Math.exp(-(dy * dy + dx * dx) / 50.0);
			}
		return sum;
	}

	/** Sum over all pairs inside the crop of their spatial weight. */
	private static double spatialSum() {
		double sum = 0;
		for (final int step : new int[] { 1, 2, 4 })
			sum += 2 * S * (S - step) * Math.exp(-step * step / 50.0) + 2 * (S - step) * (S - step) * Math.exp(-2 * step * step / 50.0);
		return sum;
	}

	@Test
	void itsGradientPullsAnUnsurePixelTowardsItsNeighbours() {
		// All pixels certain class 0 but one unsure in the middle: the gradient raises its class-0 logit.
		final float[] logits = splitAt(S);
		final int middle = 8 * S + 8;
		logits[middle] = 0;
		logits[S * S + middle] = 0;
		try (NDManager step = manager.newSubManager()) {
			final NDArray z = step.create(logits, new Shape(1, 2, S, S));
			z.setRequiresGradient(true);
			final NDArray x = step.create(new float[S * S], new Shape(1, 1, S, S));
			try (GradientCollector collector = DjlRuntime.engine().newGradientCollector()) {
				collector.backward(new EdgeAwareCrfLoss().evaluate(new BatchArrays(x, null, null, null), z));
			}
			final float[] gradient = z.getGradient().toFloatArray();
			assertTrue(gradient[middle] < 0, "descending should raise class 0 at the unsure pixel: " + gradient[middle]);
			assertTrue(gradient[S * S + middle] > 0, "and lower class 1 there: " + gradient[S * S + middle]);
		}
	}

	@Test
	void refusesSigmasThatAreNotPositive() {
		assertThrows(IllegalArgumentException.class, () -> new EdgeAwareCrfLoss(0, 0.1));
		assertThrows(IllegalArgumentException.class, () -> new EdgeAwareCrfLoss(5, Double.NaN));
	}
}
