package org.scribble2label.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

class PredictionEnsembleTest {

	/** One image of 4 pixels; pixel 0 is scribbled background. */
	private static PredictionEnsemble twoClasses(final double alpha, final double tau) {
		return new PredictionEnsemble(2, alpha, tau, List.of(new short[] { 1, 0, 0, 0 }), new int[] { 4 });
	}

	@Test
	void firstPredictionStartsTheAverageThenExponentialMovingAverage() {
		final PredictionEnsemble e = twoClasses(0.2, 0.8);
		assertNull(e.average(0));
		e.update(0, new float[][] { { 0.9f, 0.1f, 0.5f, 0.3f }, { 0.1f, 0.9f, 0.5f, 0.7f } });
		e.passFinished();
		assertArrayEquals(new float[] { 0.1f, 0.9f, 0.5f, 0.7f }, e.average(0)[1], 0);
		e.update(0, new float[][] { { 0.0f, 0.0f, 1.0f, 0.0f }, { 1.0f, 1.0f, 0.0f, 1.0f } });
		e.passFinished();
		// y = 0.2 p + 0.8 y_previous
		assertArrayEquals(new float[] { 0.28f, 0.92f, 0.4f, 0.76f }, e.average(0)[1], 1e-6f);
		assertArrayEquals(new float[] { 0.72f, 0.08f, 0.6f, 0.24f }, e.average(0)[0], 1e-6f);
		assertEquals(2, e.updates());
	}

	@Test
	void pseudoLabelsOnlyForConsistentUnscribbledPixels() {
		final PredictionEnsemble e = twoClasses(1.0, 0.8);
		e.update(0, new float[][] { { 0.05f, 0.05f, 0.8f, 0.81f }, { 0.95f, 0.95f, 0.2f, 0.19f } });
		assertEquals(PredictionEnsemble.NONE, e.pseudoLabel(0, 0), "scribbled pixels never get a pseudo-label");
		assertEquals(1, e.pseudoLabel(0, 1), "one-hot of the consistent class");
		assertEquals(PredictionEnsemble.NONE, e.pseudoLabel(0, 2), "max(y, 1 - y) must exceed tau strictly");
		assertEquals(0, e.pseudoLabel(0, 3));
		assertEquals(2.0 / 3, e.coverage(), 1e-9);
	}

	@Test
	void severalClassesUseTheMostProbableOne() {
		final PredictionEnsemble e = new PredictionEnsemble(3, 0.5, 0.6, List.of(new short[] { 0, 0 }), new int[] { 2 });
		e.update(0, new float[][] { { 0.1f, 0.3f }, { 0.2f, 0.35f }, { 0.7f, 0.35f } });
		assertEquals(2, e.pseudoLabel(0, 0));
		assertEquals(PredictionEnsemble.NONE, e.pseudoLabel(0, 1));
		assertNotNull(e.average(0));
	}
}
