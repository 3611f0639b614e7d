package org.scribble2label.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.scribble2label.core.model.DjlRuntime;

/** The loss terms against values computed by hand on a 1 x 2 x 1 x 4 batch of logits. */
class ScribbleLossTest {

	private static NDManager manager;

	@BeforeAll
	static void engine() {
		manager = DjlRuntime.engine().newBaseManager();
	}

	@AfterAll
	static void close() {
		manager.close();
	}

	/** -log softmax(z)[c] for two classes. */
	private static double nll(final double z0, final double z1, final int c) {
		final double max = Math.max(z0, z1);
		final double logSum = max + Math.log(Math.exp(z0 - max) + Math.exp(z1 - max));
		return logSum - (c == 0 ? z0 : z1);
	}

	/** Scribble2Label's objective on one batch. */
	private static LossValues losses(final NDArray logits, final NDArray target, final NDArray scribbleWeights,
		final NDArray pseudoWeights, final double lambda)
	{
		return TrainingObjective.scribble2Label(lambda, PseudoLabelStrategies.ensemble())
			.evaluate(new BatchArrays(null, target, scribbleWeights, pseudoWeights), logits).read();
	}

	@Test
	void averagesCrossEntropyOverScribbledPixelsOnly() {
		// Pixels: scribbled class 1, unlabelled, scribbled class 0, pseudo-labelled class 1.
		final float[] logits = { 0.5f, -1f, 2f, 0.2f, /* class 1: */ 1.5f, 0.3f, -0.5f, 1.2f };
		final long[] target = { 1, 0, 0, 1 };
		final float[] scribbleWeights = { 0.5f, 0, 0.5f, 0 };
		final float[] pseudoWeights = { 0, 0, 0, 1 };
		final LossValues losses = losses(manager.create(logits, new Shape(1, 2, 1, 4)),
			manager.create(target, new Shape(1, 1, 4)), manager.create(scribbleWeights, new Shape(1, 1, 4)),
			manager.create(pseudoWeights, new Shape(1, 1, 4)), 0.5f);
		final double sp = (nll(0.5, 1.5, 1) + nll(2, -0.5, 0)) / 2;
		final double up = nll(0.2, 1.2, 1);
		assertEquals(sp, losses.get("scribble"), 1e-6);
		assertEquals(up, losses.get("pseudo-label"), 1e-6);
		assertEquals(sp + 0.5 * up, losses.total(), 1e-6);
	}

	@Test
	void unlabelledPixelsDoNotChangeTheLoss() {
		final float[] weights = { 1, 0, 0, 0 };
		final double a = losses(manager.create(new float[] { 1, 9, -9, 3, 0, -4, 7, 2 }, new Shape(1, 2, 1, 4)),
			manager.create(new long[] { 0, 1, 1, 0 }, new Shape(1, 1, 4)), manager.create(weights, new Shape(1, 1, 4)), null, 0.5)
			.total();
		final double b = losses(manager.create(new float[] { 1, -3, 5, 0, 0, 8, 1, 1 }, new Shape(1, 2, 1, 4)),
			manager.create(new long[] { 0, 0, 0, 0 }, new Shape(1, 1, 4)), manager.create(weights, new Shape(1, 1, 4)), null, 0.5)
			.total();
		assertEquals(nll(1, 0, 0), a, 1e-6);
		assertEquals(a, b, 1e-6);
	}

	@Test
	void currentPredictionPseudoLabelsThresholdTheDetachedSoftmax() {
		// Pixels: scribbled (class 1); unscribbled confident class 0; unscribbled unsure; unscribbled confident class 1.
		final float[] logits = { 0f, 3f, 0.1f, -2f, /* class 1: */ 4f, 0f, 0f, 2f };
		final BatchArrays pseudo = PseudoLabelStrategies.currentPrediction(0.8).fromPrediction(new BatchArrays(null,
			manager.create(new long[] { 1, 0, 0, 0 }, new Shape(1, 1, 4)), manager.create(new float[] { 1, 0, 0, 0 },
				new Shape(1, 1, 4)), null), manager.create(logits, new Shape(1, 2, 1, 4)));
		// softmax: pixel 1 -> p0 = 0.95, pixel 2 -> 0.52 (unsure), pixel 3 -> p1 = 0.98.
		org.junit.jupiter.api.Assertions.assertArrayEquals(new long[] { 1, 0, 0, 1 }, pseudo.target.toLongArray());
		org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] { 0, 0.5f, 0, 0.5f }, pseudo.pseudoWeights.toFloatArray(), 0);
	}

	@Test
	void warmUpHasNoPseudoLabelTermAndEmptySelectionsGiveZero() {
		final LossValues losses = losses(manager.create(new float[] { 1, 2, 3, 4 }, new Shape(1, 2, 1, 2)),
			manager.create(new long[] { 0, 1 }, new Shape(1, 1, 2)), manager.zeros(new Shape(1, 1, 2), DataType.FLOAT32), null,
			0.5);
		assertEquals(0, losses.total(), 0);
		assertEquals(0, losses.get("pseudo-label"), 0);
	}
}
