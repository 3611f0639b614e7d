package org.scribble2label.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.google.gson.JsonObject;

import org.scribble2label.core.TrainingConfig;

/**
 * The architecture of a {@link UNet}: everything needed to rebuild it before loading weights.
 */
public final class UNetSpec implements NetworkSpec {

	/** The type key of U-Nets in model files. */
	public static final String TYPE = "unet";

	/**
	 * Channels of every hidden layer of a new network are multiples of this. oneDNN's AVX-512
	 * convolutions work on blocks of 16 channels and pad narrower layers; such padded 3x3
	 * convolutions turned training to NaN on AMD Zen 5 CPUs (width 8), while widths of 16 and
	 * more were finite on every CPU tried (docs/numerics.md).
	 */
	public static final int CHANNEL_MULTIPLE = 16;

	private final int depth;
	private final int baseWidth;
	private final int inputChannels;
	private final int classes;

	/**
	 * @param depth number of 2x down-sampling steps
	 * @param baseWidth channels of the first level, doubled at every level
	 * @param inputChannels image channels
	 * @param classes output channels (logits): background plus at least one foreground class
	 */
	public UNetSpec(final int depth, final int baseWidth, final int inputChannels, final int classes) {
		if (depth < 1 || depth > 6) throw new IllegalArgumentException("U-Net depth must be 1..6, got " + depth);
		if (baseWidth < 1 || baseWidth > 256) throw new IllegalArgumentException("U-Net base width must be 1..256, got " + baseWidth);
		if (inputChannels < 1 || inputChannels > 64) throw new IllegalArgumentException("Input channels must be 1..64, got " + inputChannels);
		if (classes < 2 || classes > 255)
			throw new IllegalArgumentException("A segmentation needs 2..255 classes (background and at least one more), got " + classes);
		this.depth = depth;
		this.baseWidth = baseWidth;
		this.inputChannels = inputChannels;
		this.classes = classes;
	}

	/**
	 * Refuses a base width for a new network that is not a multiple of {@link #CHANNEL_MULTIPLE}.
	 * Existing models of other widths still load and predict (their outputs are checked).
	 */
	public static void requireAlignedWidth(final int baseWidth) {
		if (baseWidth % CHANNEL_MULTIPLE != 0) throw new IllegalArgumentException("The network width must be a multiple of " +
			CHANNEL_MULTIPLE + " (16, 32, 48, ...), not " + baseWidth + ": narrower layers are padded to " + CHANNEL_MULTIPLE +
			" channels by the CPU's AVX-512 convolutions, which has turned training to NaN on some CPUs. Use 16 for a small, fast network.");
	}

	/** The U-Net a training configuration describes (its depth and base width). */
	public static UNetSpec of(final TrainingConfig config, final int inputChannels, final int classes) {
		return new UNetSpec(config.depth(), config.baseWidth(), inputChannels, classes);
	}

	/** Reads the settings {@link #toJson()} writes. */
	static UNetSpec fromJson(final JsonObject json) {
		return new UNetSpec(json.get("depth").getAsInt(), json.get("baseWidth").getAsInt(), json.get("inputChannels").getAsInt(),
			json.get("classes").getAsInt());
	}

	/** The shapes of the parameters of {@link UNet}, in the order DJL saves them. */
	@Override
	public List<long[]> parameterShapes() {
		final UNetSpec spec = this;
		final List<long[]> shapes = new ArrayList<>();
		for (int level = 0; level <= spec.depth(); level++)
			doubleConvolution(shapes, level == 0 ? UNet.physicalInputChannels(spec) : spec.width(level - 1), spec.width(level));
		for (int level = spec.depth() - 1; level >= 0; level--)
			doubleConvolution(shapes, spec.width(level + 1) + spec.width(level), spec.width(level));
		shapes.add(new long[] { spec.classes(), spec.baseWidth(), 1, 1 });
		shapes.add(new long[] { spec.classes() });
		return shapes;
	}

	private static void doubleConvolution(final List<long[]> shapes, final int in, final int out) {
		for (int i = 0; i < 2; i++) {
			shapes.add(new long[] { out, i == 0 ? in : out, 3, 3 });
			for (int k = 0; k < 4; k++)
				shapes.add(new long[] { out }); // BatchNorm: gamma, beta, running mean and variance
		}
	}

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public UNet build() {
		return new UNet(this);
	}

	@Override
	public JsonObject toJson() {
		final JsonObject json = new JsonObject();
		json.addProperty("depth", depth);
		json.addProperty("baseWidth", baseWidth);
		json.addProperty("inputChannels", inputChannels);
		json.addProperty("classes", classes);
		return json;
	}

	public int depth() {
		return depth;
	}

	public int baseWidth() {
		return baseWidth;
	}

	@Override
	public int inputChannels() {
		return inputChannels;
	}

	@Override
	public int classes() {
		return classes;
	}

	/** Channels of level {@code level} (0 = full resolution, {@code depth} = bottleneck). */
	public int width(final int level) {
		return baseWidth << level;
	}

	@Override
	public int sizeMultiple() {
		return 1 << depth;
	}

	/** Multiply-accumulate operations x 2 of the convolutions of one forward pass of an image. */
	@Override
	public double forwardFlops(final long width, final long height) {
		double flops = 0;
		long pixels = width * height;
		int in = inputChannels;
		for (int level = 0; level <= depth; level++) {
			final int w = width(level);
			flops += conv(in, w, 9, pixels) + conv(w, w, 9, pixels);
			in = w;
			if (level < depth) pixels /= 4;
		}
		for (int level = depth - 1; level >= 0; level--) {
			pixels *= 4;
			final int w = width(level);
			flops += conv(width(level + 1) + w, w, 9, pixels) + conv(w, w, 9, pixels);
		}
		return flops + conv(baseWidth, classes, 1, pixels);
	}

	private static double conv(final int in, final int out, final int kernel, final long pixels) {
		return 2.0 * in * out * kernel * pixels;
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof UNetSpec)) return false;
		final UNetSpec s = (UNetSpec) o;
		return s.depth == depth && s.baseWidth == baseWidth && s.inputChannels == inputChannels && s.classes == classes;
	}

	@Override
	public int hashCode() {
		return Objects.hash(depth, baseWidth, inputChannels, classes);
	}

	@Override
	public String toString() {
		return "U-Net(depth " + depth + ", width " + baseWidth + ", in " + inputChannels + ", classes " + classes + ")";
	}
}
