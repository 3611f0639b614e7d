package org.scribble2label.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;

import org.scribble2label.core.model.DjlRuntime;

/** RAdam against a double-precision transcription of the algorithm (Liu et al. 2020). */
class RAdamTest {

	@Test
	void matchesTheAlgorithmThroughWarmUpAndRectifiedSteps() {
		final double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 0.05;
		final double[] w = { 1.0, -2.0, 0.5 };
		final double[] m = new double[3], v = new double[3];
		final double rhoInf = 2 / (1 - b2) - 1;
		DjlRuntime.prepareThread();
		try (NDManager manager = DjlRuntime.engine().newBaseManager()) {
			final NDArray weights = manager.create(new float[] { 1.0f, -2.0f, 0.5f });
			weights.setRequiresGradient(true);
			final Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).optArray(weights).build();
			try (RAdam radam = new RAdam(List.of(p), manager, b1, b2, eps, wd)) {
				for (int t = 1; t <= 12; t++) {
					// Loss sum(w^3 / 3) has gradient w^2: it changes with the weights.
					try (GradientCollector c = DjlRuntime.engine().newGradientCollector()) {
						c.backward(weights.pow(3).div(3).sum());
					}
					radam.step(lr);
					final double rho = rhoInf - 2 * t * Math.pow(b2, t) / (1 - Math.pow(b2, t));
					for (int i = 0; i < 3; i++) {
						final double g = w[i] * w[i];
						m[i] = b1 * m[i] + (1 - b1) * g;
						v[i] = b2 * v[i] + (1 - b2) * g * g;
						final double mHat = m[i] / (1 - Math.pow(b1, t));
						w[i] -= lr * wd * w[i];
						if (rho > 5) {
							final double vHat = Math.sqrt(v[i] / (1 - Math.pow(b2, t)));
							final double r = Math.sqrt((rho - 4) * (rho - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho));
							w[i] -= lr * r * mHat / (vHat + eps);
						}
						else {
							w[i] -= lr * mHat;
						}
					}
					final float[] expected = { (float) w[0], (float) w[1], (float) w[2] };
					assertArrayEquals(expected, weights.toFloatArray(), 2e-5f, "step " + t);
					final NDArray gradient = weights.getGradient();
					assertArrayEquals(new float[3], gradient.toFloatArray(), 0, "gradient zeroed after the step");
					gradient.close();
				}
			}
		}
		JniUtils.setGradMode(false);
	}
}
