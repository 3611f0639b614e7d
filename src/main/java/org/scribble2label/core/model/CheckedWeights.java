package org.scribble2label.core.model;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;

/**
 * Checks the weights of an untrusted model file before DJL decodes them. DJL's decoder trusts
 * every count it reads: a crafted file with its checksum recomputed can claim 2^31 dimensions
 * or a 2 GB array and kill the JVM with an {@link OutOfMemoryError}. So the bytes are walked
 * here first, in the exact layout DJL writes (per block: version byte, input shapes, its
 * parameters, then its children), and every count and shape must be what the declared
 * architecture implies, or be small, before anything is allocated. Weights that passed are
 * decoded by DJL without surprises. The walk also refuses non-finite values: a model saved from
 * a training that diverged predicts nothing but NaN.
 */
final class CheckedWeights {

	/** Bytes of one block's or one parameter's framing (names, shapes, versions): far below this. */
	private static final long FRAMING_BYTES = 1024;
	/** Input shapes of a block's metadata: a U-Net block has one, of four dimensions. */
	private static final int MAX_INPUT_SHAPES = 8, MAX_DIMENSIONS = 8;

	private CheckedWeights() {}

	/** The most bytes the weights of this architecture can take: the float values plus generous framing. */
	static long maxBytes(final NetworkSpec spec) {
		long bytes = 0;
		final List<long[]> shapes = spec.parameterShapes();
		for (final long[] shape : shapes)
			bytes += 4 * elements(shape) + FRAMING_BYTES;
		return bytes + FRAMING_BYTES * 2 * shapes.size(); // blocks: fewer than parameters, twice over
	}

	/**
	 * @param network the network the weights are for, not initialised: its block tree gives the
	 *          order and names of the parameters
	 * @throws ModelFileException when the weights do not have the layout the architecture
	 *           implies, or hold NaN or infinite values
	 */
	static void check(final byte[] weights, final NetworkSpec spec, final Block network, final Path file)
		throws ModelFileException
	{
		final ByteBuffer in = ByteBuffer.wrap(weights); // big-endian, like DataOutputStream
		final Shapes shapes = new Shapes(spec.parameterShapes());
		try {
			block(in, network, "", shapes);
			if (shapes.hasNext()) throw new Damaged("the weights stop before all parameters of " + spec);
			if (in.hasRemaining()) throw new Damaged(in.remaining() + " bytes follow the last parameter");
		}
		catch (final BufferUnderflowException e) {
			throw damaged(file, "the weights end in the middle of a parameter (" + weights.length + " bytes)");
		}
		catch (final Damaged e) {
			throw damaged(file, e.getMessage());
		}
		catch (final Diverged e) {
			throw new ModelFileException("The model file " + file + " was saved from a training that diverged: its parameter " +
				e.getMessage() + " holds NaN or infinite values, so it would predict nothing. Train the model again (a lower " +
				"learning rate, e.g. 1e-3, or a wider network helps).");
		}
	}

	private static ModelFileException damaged(final Path file, final String why) {
		return new ModelFileException("The model file " + file + " is damaged or incomplete: " + why +
			". Train again or use another copy of the model.");
	}

	private static void block(final ByteBuffer in, final Block block, final String path, final Shapes shapes)
		throws Damaged, Diverged
	{
		in.get(); // the block's version: DJL checks it against the block
		final String name = path.isEmpty() ? "the network" : "block " + path.substring(0, path.length() - 1);
		final List<Parameter> parameters = new ArrayList<>(block.getDirectParameters().values());
		final int count = in.getInt();
		if (count < 0 || count > MAX_INPUT_SHAPES) throw new Damaged(name + " claims " + count + " input shapes");
		for (int s = 0; s < count; s++)
			metadataShape(in, name);
		if (block instanceof BatchNorm) {
			final long channels = in.getLong();
			if (!shapes.hasNext() || parameters.isEmpty()) throw new Damaged("unexpected normalisation " + name);
			final long expected = shapes.peek()[0];
			if (channels != expected)
				throw new Damaged(name + " normalises " + channels + " channels, not " + expected);
		}
		for (final Parameter p : parameters) {
			if (!shapes.hasNext()) throw new Damaged("the architecture has fewer parameters than " + path + p.getName());
			parameter(in, p.getName(), path + p.getName(), shapes.next());
		}
		for (final Pair<String, Block> child : block.getChildren())
			block(in, child.getValue(), path + child.getKey() + "_", shapes);
	}

	/** The expected shapes, consumed one parameter at a time. */
	private static final class Shapes {
		private final List<long[]> shapes;
		private int next;

		Shapes(final List<long[]> shapes) {
			this.shapes = shapes;
		}

		boolean hasNext() {
			return next < shapes.size();
		}

		long[] peek() {
			return shapes.get(next);
		}

		long[] next() {
			return shapes.get(next++);
		}
	}

	private static void metadataShape(final ByteBuffer in, final String name) throws Damaged {
		final int dimensions = in.getInt();
		if (dimensions < 0 || dimensions > MAX_DIMENSIONS)
			throw new Damaged(name + " claims an input of " + dimensions + " dimensions");
		for (int d = 0; d < dimensions; d++)
			if (in.getLong() < -1) throw new Damaged(name + " claims a negative input size");
		final int layout = in.getInt();
		if (layout < 0 || layout > MAX_DIMENSIONS) throw new Damaged(name + " claims a layout of " + layout + " axes");
		for (int d = 0; d < layout; d++)
			in.getChar();
	}

	/** Parameter.save: 'P', version 1, name, then the array as NDSerializer writes it. */
	private static void parameter(final ByteBuffer in, final String name, final String path, final long[] expected)
		throws Damaged, Diverged
	{
		if (in.getChar() != 'P' || in.get() != 1) throw new Damaged("parameter " + path + " does not start as a parameter does");
		final String saved = utf(in);
		if (!saved.equals(name)) throw new Damaged("found the parameter '" + saved + "' where " + path + " belongs");
		if (!"NDAR".equals(utf(in))) throw new Damaged("parameter " + path + " is not an array");
		final int version = in.getInt();
		if (version < 2 || version > 3) throw new Damaged("parameter " + path + " has the unknown array version " + version);
		if (in.get() == 1) utf(in); // the array's own name
		if (!"DENSE".equals(utf(in))) throw new Damaged("parameter " + path + " is not a dense array");
		final String type = utf(in);
		if (!"FLOAT32".equals(type)) throw new Damaged("parameter " + path + " holds " + type + " values, not FLOAT32");
		final int dimensions = in.getInt();
		final long[] shape = new long[Math.max(0, Math.min(dimensions, MAX_DIMENSIONS))];
		if (dimensions != expected.length)
			throw new Damaged("parameter " + path + " has " + dimensions + " dimensions, not " + expected.length +
				" as the architecture needs");
		for (int d = 0; d < dimensions; d++)
			shape[d] = in.getLong();
		if (!Arrays.equals(shape, expected))
			throw new Damaged("parameter " + path + " has the shape " + Arrays.toString(shape) + ", not " +
				Arrays.toString(expected) + " as the architecture needs");
		final int layout = in.getInt();
		if (layout < 0 || layout > MAX_DIMENSIONS) throw new Damaged("parameter " + path + " claims a layout of " + layout + " axes");
		for (int d = 0; d < layout; d++)
			in.getChar();
		final ByteOrder order = version > 2 ? in.get() == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN
			: ByteOrder.nativeOrder();
		final int length = in.getInt();
		final long needed = 4 * elements(expected);
		if (length != needed)
			throw new Damaged("parameter " + path + " claims " + length + " bytes of data, not the " + needed + " its shape needs");
		if (length > in.remaining()) throw new BufferUnderflowException();
		final FloatBuffer values = in.slice().order(order).asFloatBuffer();
		for (int i = 0; i < length / 4; i++)
			if (!Float.isFinite(values.get(i))) throw new Diverged(path);
		in.position(in.position() + length);
	}

	/** DataOutputStream.writeUTF: an unsigned 16-bit length, then the characters (plain ASCII here). */
	private static String utf(final ByteBuffer in) {
		final int length = in.getShort() & 0xffff;
		if (length > in.remaining()) throw new BufferUnderflowException();
		final byte[] bytes = new byte[length];
		in.get(bytes);
		return new String(bytes, StandardCharsets.UTF_8);
	}

	private static long elements(final long[] shape) {
		long n = 1;
		for (final long d : shape)
			n *= d;
		return n;
	}

	/** The weights do not have the layout the architecture implies. */
	private static final class Damaged extends Exception {
		private static final long serialVersionUID = 1L;

		Damaged(final String message) {
			super(message, null, false, false);
		}
	}

	/** A parameter holds a NaN or an infinity; the message names it. */
	private static final class Diverged extends Exception {
		private static final long serialVersionUID = 1L;

		Diverged(final String parameter) {
			super(parameter, null, false, false);
		}
	}
}
