package org.scribble2label.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

/** The ONNX export computes what the U-Net computes, run by ONNX Runtime (no Python). */
class OnnxExportTest {

	@Test
	void onnxRuntimeGivesTheNetworksProbabilities() throws Exception {
		for (final int channels : new int[] { 1, 3 }) {
			try (NDManager manager = DjlRuntime.engine().newBaseManager()) {
				DjlRuntime.engine().setRandomSeed(11);
				final UNet network = new UNet(new UNetSpec(2, 16, channels, 3));
				network.initialize(manager, DataType.FLOAT32, new Shape(1, channels, 32, 32));
				// Trained-looking BatchNorm statistics, so that every parameter's mapping matters.
				final Random random = new Random(channels);
				for (final Pair<String, Parameter> p : network.getParameters()) {
					final String name = p.getKey();
					final NDArray a = p.getValue().getArray();
					final float[] v = a.toFloatArray();
					for (int i = 0; i < v.length; i++) {
						if (name.endsWith("runningVar")) v[i] = 0.5f + random.nextFloat();
						else if (name.endsWith("runningMean") || name.endsWith("beta") || name.endsWith("bias")) v[i] = 0.2f * (float) random.nextGaussian();
						else if (name.endsWith("gamma")) v[i] = 0.5f + random.nextFloat();
					}
					a.set(v);
				}
				final float[] input = new float[channels * 48 * 64];
				for (int i = 0; i < input.length; i++)
					input[i] = random.nextFloat();
				final float[] expected = DjlRuntime.withoutGradients(() -> {
					try (NDManager step = manager.newSubManager()) {
						final NDArray x = step.create(input, new Shape(1, channels, 48, 64));
						return network.forward(new ParameterStore(step, false), new NDList(x), false).singletonOrThrow()
							.softmax(1).toFloatArray();
					}
				});

				final OrtEnvironment env = OrtEnvironment.getEnvironment();
				try (OrtSession session = env.createSession(OnnxExport.onnx(network), new OrtSession.SessionOptions());
					OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] { 1, channels, 48, 64 });
					OrtSession.Result result = session.run(Map.of("input", x)))
				{
					final OnnxTensor out = (OnnxTensor) result.get("probabilities").get();
					assertArrayEquals(new long[] { 1, 3, 48, 64 }, out.getInfo().getShape());
					final float[] actual = new float[expected.length];
					out.getFloatBuffer().get(actual);
					double max = 0;
					for (int i = 0; i < actual.length; i++)
						max = Math.max(max, Math.abs(actual[i] - expected[i]));
					assertEquals(0, max, 1e-4, channels + " channel(s): largest difference " + max);
				}
			}
		}
	}
}
