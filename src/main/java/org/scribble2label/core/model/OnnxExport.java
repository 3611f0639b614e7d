package org.scribble2label.core.model;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;

/**
 * Writes the U-Net as an ONNX model (opset 17), one of the weight formats bioimage.io accepts,
 * without Python: the graph is rebuilt from {@link UNet}'s structure with standard operators and
 * the weights as initializers, and the protobuf is encoded here (the few message types ONNX
 * needs). Input {@code input}: (batch, channels, y, x), normalised as the model normalises;
 * output {@code probabilities}: (batch, classes, y, x), the softmax of the network.
 */
public final class OnnxExport {

	/** ONNX IR version 8 goes with opset 17. */
	static final int IR_VERSION = 8, OPSET = 17;
	/** DJL's BatchNorm default, which the U-Net uses. */
	private static final float BATCH_NORM_EPSILON = 1e-5f;
	private static final int FLOAT = 1, INT64 = 7;

	private final List<byte[]> nodes = new ArrayList<>(), initializers = new ArrayList<>();
	private int next;

	private OnnxExport() {}

	/** The ONNX file of a network. */
	public static byte[] onnx(final UNet network) {
		return new OnnxExport().model(network);
	}

	private byte[] model(final UNet network) {
		final UNetSpec spec = network.spec();
		String x = "input";
		final String[] skips = new String[spec.depth()];
		for (int level = 0; level <= spec.depth(); level++) {
			x = doubleConvolution((DoubleConvolution) network.encoders().get(level), x, level == 0 ? spec.inputChannels() : -1);
			if (level == spec.depth()) break;
			skips[level] = x;
			x = node("MaxPool", new String[] { x }, ints("kernel_shape", 2, 2), ints("strides", 2, 2));
		}
		final String scales = initializer(new long[] { 4 }, new float[] { 1, 1, 2, 2 });
		for (int i = 0; i < network.decoders().size(); i++) {
			final int level = spec.depth() - 1 - i;
			// Nearest 2x, as the engine's interpolation mode 0: pixel (2i + d) takes pixel i.
			final String up = node("Resize", new String[] { x, "", scales }, string("mode", "nearest"),
				string("coordinate_transformation_mode", "asymmetric"), string("nearest_mode", "floor"));
			final String joined = node("Concat", new String[] { skips[level], up }, integer("axis", 1));
			x = doubleConvolution((DoubleConvolution) network.decoders().get(i), joined, -1);
		}
		final Block head = network.head();
		final String logits = node("Conv", new String[] { x, weights(head, "weight", -1), weights(head, "bias", -1) },
			ints("kernel_shape", 1, 1));
		nodes.add(nodeProto("Softmax", new String[] { logits }, "probabilities", integer("axis", 1)));

		final Proto graph = new Proto();
		for (final byte[] n : nodes)
			graph.bytes(1, n);
		graph.string(2, "scribble2label_unet");
		for (final byte[] t : initializers)
			graph.bytes(5, t);
		graph.bytes(11, valueInfo("input", spec.inputChannels()));
		graph.bytes(12, valueInfo("probabilities", spec.classes()));
		final Proto model = new Proto();
		model.varint(1, IR_VERSION);
		model.string(2, "Scribble2Label for Fiji");
		model.bytes(7, graph.toByteArray());
		final Proto opset = new Proto();
		opset.string(1, "");
		opset.varint(2, OPSET);
		model.bytes(8, opset.toByteArray());
		return model.toByteArray();
	}

	/**
	 * Two units of 3x3 convolution, BatchNorm (inference: running statistics) and ReLU.
	 *
	 * @param inputChannels for the first level, the image's channels: a single channel is fed to
	 *          the network with a zero second one, whose weights therefore drop out; -1 elsewhere
	 */
	private String doubleConvolution(final DoubleConvolution block, final String input, final int inputChannels) {
		String x = input;
		for (int i = 0; i < 2; i++) {
			final Block conv = block.convolution(i), norm = block.norm(i);
			x = node("Conv", new String[] { x, weights(conv, "weight", i == 0 ? inputChannels : -1) }, ints("kernel_shape", 3, 3),
				ints("pads", 1, 1, 1, 1));
			x = node("BatchNormalization", new String[] { x, weights(norm, "gamma", -1), weights(norm, "beta", -1),
				weights(norm, "runningMean", -1), weights(norm, "runningVar", -1) }, floating("epsilon", BATCH_NORM_EPSILON));
			x = node("Relu", new String[] { x });
		}
		if (!(block.norm(0) instanceof BatchNorm)) throw new IllegalStateException("Unexpected normalisation " + block.norm(0));
		return x;
	}

	/** A parameter as an initializer; keeps only the first {@code inputChannels} of a weight's axis 1 when >= 0. */
	private String weights(final Block block, final String name, final int inputChannels) {
		Parameter parameter = null;
		for (final ai.djl.util.Pair<String, Parameter> p : block.getParameters())
			if (p.getKey().equals(name)) parameter = p.getValue();
		if (parameter == null) throw new IllegalStateException("No parameter " + name + " in " + block);
		final long[] shape = parameter.getArray().getShape().getShape();
		float[] values = parameter.getArray().toFloatArray();
		if (inputChannels >= 0 && inputChannels < shape[1]) {
			final int out = (int) shape[0], in = (int) shape[1], k = (int) (shape[2] * shape[3]);
			final float[] kept = new float[out * inputChannels * k];
			for (int o = 0; o < out; o++)
				System.arraycopy(values, o * in * k, kept, o * inputChannels * k, inputChannels * k);
			values = kept;
			shape[1] = inputChannels;
		}
		return initializer(shape, values);
	}

	private String initializer(final long[] shape, final float[] values) {
		final String name = "w" + next++;
		final Proto t = new Proto();
		for (final long d : shape)
			t.varint(1, d);
		t.varint(2, FLOAT);
		t.string(8, name);
		final ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
		raw.asFloatBuffer().put(values);
		t.bytes(9, raw.array());
		initializers.add(t.toByteArray());
		return name;
	}

	private String node(final String op, final String[] inputs, final byte[]... attributes) {
		final String out = op.toLowerCase(java.util.Locale.ROOT) + next++;
		nodes.add(nodeProto(op, inputs, out, attributes));
		return out;
	}

	private byte[] nodeProto(final String op, final String[] inputs, final String output, final byte[]... attributes) {
		final Proto n = new Proto();
		for (final String i : inputs)
			n.string(1, i);
		n.string(2, output);
		n.string(3, output);
		n.string(4, op);
		for (final byte[] a : attributes)
			n.bytes(5, a);
		return n.toByteArray();
	}

	private static byte[] ints(final String name, final long... values) {
		final Proto a = new Proto();
		a.string(1, name);
		for (final long v : values)
			a.varint(8, v);
		a.varint(20, 7); // INTS
		return a.toByteArray();
	}

	private static byte[] integer(final String name, final long value) {
		final Proto a = new Proto();
		a.string(1, name);
		a.varint(3, value);
		a.varint(20, 2); // INT
		return a.toByteArray();
	}

	private static byte[] floating(final String name, final float value) {
		final Proto a = new Proto();
		a.string(1, name);
		a.fixed32(2, Float.floatToIntBits(value));
		a.varint(20, 1); // FLOAT
		return a.toByteArray();
	}

	private static byte[] string(final String name, final String value) {
		final Proto a = new Proto();
		a.string(1, name);
		a.bytes(4, value.getBytes(StandardCharsets.UTF_8));
		a.varint(20, 3); // STRING
		return a.toByteArray();
	}

	/** A float tensor (batch, channels, y, x) with named free dimensions. */
	private static byte[] valueInfo(final String name, final int channels) {
		final Proto shape = new Proto();
		for (final Object d : new Object[] { "batch", channels, "y", "x" }) {
			final Proto dim = new Proto();
			if (d instanceof Integer) dim.varint(1, (Integer) d);
			else dim.string(2, (String) d);
			shape.bytes(1, dim.toByteArray());
		}
		final Proto tensor = new Proto();
		tensor.varint(1, FLOAT);
		tensor.bytes(2, shape.toByteArray());
		final Proto type = new Proto();
		type.bytes(1, tensor.toByteArray());
		final Proto info = new Proto();
		info.string(1, name);
		info.bytes(2, type.toByteArray());
		return info.toByteArray();
	}

	/** Protobuf's wire format, as far as ONNX needs it: varints, 32-bit floats and length-delimited fields. */
	static final class Proto {
		private final ByteArrayOutputStream out = new ByteArrayOutputStream();

		void varint(final int field, final long value) {
			raw((field << 3) | 0);
			raw(value);
		}

		void fixed32(final int field, final int bits) {
			raw((field << 3) | 5);
			for (int i = 0; i < 4; i++)
				out.write(bits >>> 8 * i & 0xff);
		}

		void bytes(final int field, final byte[] value) {
			raw((field << 3) | 2);
			raw(value.length);
			out.write(value, 0, value.length);
		}

		void string(final int field, final String value) {
			bytes(field, value.getBytes(StandardCharsets.UTF_8));
		}

		private void raw(long v) {
			while ((v & ~0x7FL) != 0) {
				out.write((int) (v & 0x7F | 0x80));
				v >>>= 7;
			}
			out.write((int) v);
		}

		byte[] toByteArray() {
			return out.toByteArray();
		}
	}
}
