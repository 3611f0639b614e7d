package org.scribble2label.core.model;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 2D U-Net: at every level two (3x3 convolution, BatchNorm, ReLU) units, 2x2 max-pooling
 * down, nearest-neighbour 2x up-sampling and concatenation with the skip connection up, and a
 * 1x1 convolution to one logit per class. Input (N, C, H, W) with H and W multiples of
 * 2^depth; output (N, classes, H, W).
 * <p>
 * Up-sampling is not a transposed convolution because the PyTorch engine of DJL does not
 * implement it; nearest up-sampling followed by the decoder convolutions is the common
 * alternative and trains as well.
 */
public final class UNet extends AbstractBlock implements FreezableNormalization {

	private static final byte VERSION = 1;

	private final UNetSpec spec;
	private final List<Block> encoders = new ArrayList<>();
	private final List<Block> decoders = new ArrayList<>();
	private final Block head;

	public UNet(final UNetSpec spec) {
		super(VERSION);
		this.spec = spec;
		for (int level = 0; level <= spec.depth(); level++)
			encoders.add(addChildBlock("encoder" + level, doubleConvolution(spec.width(level))));
		for (int level = spec.depth() - 1; level >= 0; level--)
			decoders.add(addChildBlock("decoder" + level, doubleConvolution(spec.width(level))));
		head = addChildBlock("head", Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(spec.classes()).build());
	}

	public UNetSpec spec() {
		return spec;
	}

	/**
	 * Whether training keeps the BatchNorm statistics as they are (normalising with them, as in
	 * prediction) instead of estimating them from each batch. Fine-tuning a trained model on one
	 * image needs this: crops of a single image are a poor sample of the statistics the model was
	 * trained with, and moving them makes the model forget.
	 */
	@Override
	public void freezeNormalization(final boolean frozen) {
		for (final Block block : encoders)
			((DoubleConvolution) block).freezeStatistics(frozen);
		for (final Block block : decoders)
			((DoubleConvolution) block).freezeStatistics(frozen);
	}

	/** The encoder of each level (0 = full resolution), for an export that rebuilds the graph. */
	List<Block> encoders() {
		return java.util.Collections.unmodifiableList(encoders);
	}

	/** The decoders, from the deepest level up to level 0, in the order forward uses them. */
	List<Block> decoders() {
		return java.util.Collections.unmodifiableList(decoders);
	}

	Block head() {
		return head;
	}

	private static Block doubleConvolution(final int channels) {
		return new DoubleConvolution(channels);
	}

	/**
	 * Intermediate arrays are closed as soon as they are consumed: the autograd graph keeps
	 * what backward needs, and everything else returns to the allocator at once instead of at
	 * the end of the step, which keeps memory low and saves re-faulting fresh pages.
	 */
	@Override
	protected NDList forwardInternal(final ParameterStore parameters, final NDList inputs,
		final boolean training, final PairList<String, Object> params)
	{
		final NDArray input = inputs.singletonOrThrow();
		final NDArray physical = spec.inputChannels() == 1 ? NDArrays.concat(new NDList(input, input.zerosLike()), 1) : input;
		NDArray x = channelsLast(physical);
		if (physical != input) physical.close();
		final NDArray[] skips = new NDArray[spec.depth()];
		for (int level = 0; level < spec.depth(); level++) {
			final NDArray encoded = forward(encoders.get(level), parameters, x, training);
			x.close();
			skips[level] = encoded;
			x = Pool.maxPool2d(encoded, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
		}
		NDArray encoded = forward(encoders.get(spec.depth()), parameters, x, training);
		x.close();
		x = encoded;
		for (int i = 0; i < decoders.size(); i++) {
			final int level = spec.depth() - 1 - i;
			final NDArray up = upsample2x(x);
			x.close();
			final NDArray joined = NDArrays.concat(new NDList(skips[level], up), 1);
			up.close();
			skips[level].close();
			x = forward(decoders.get(i), parameters, joined, training);
			joined.close();
		}
		final NDList out = head.forward(parameters, new NDList(x), training);
		x.close();
		return out;
	}

	private static NDArray forward(final Block block, final ParameterStore parameters, final NDArray x,
		final boolean training)
	{
		return block.forward(parameters, new NDList(x), training).singletonOrThrow();
	}

	/**
	 * The same (N, C, H, W) array stored channels-last (NHWC). The engine keeps that layout
	 * through every convolution, BatchNorm, ReLU, pooling, up-sampling and concatenation, so
	 * oneDNN convolves without converting each activation to its blocked layout and back:
	 * training steps about 15-25% faster on a 2-core x86 CPU (docs/benchmarks.md). DJL has no
	 * memory-format call; a permuted copy viewed back as (N, C, H, W) has the same strides.
	 */
	static NDArray channelsLast(final NDArray x) {
		final Shape s = x.getShape();
		final long n = s.get(0), c = s.get(1), h = s.get(2), w = s.get(3);
		try (NDArray nhwcView = x.transpose(0, 2, 3, 1); NDArray packed = nhwcView.reshape(n, h * w * c);
			NDArray nhwc = packed.reshape(n, h, w, c))
		{
			return nhwc.transpose(0, 3, 1, 2);
		}
	}

	/** Nearest-neighbour 2x up-sampling (mode 0 of the engine's interpolation). */
	private static NDArray upsample2x(final NDArray x) {
		final Shape s = x.getShape();
		return x.getNDArrayInternal().interpolation(new long[] { s.get(2) * 2, s.get(3) * 2 }, 0, false);
	}

	/**
	 * A single input channel is fed as two, the second all zeros: libtorch 2.7.1 convolves one
	 * channel about four times slower than two (measured on a 2-core x86 CPU), and a zero channel
	 * changes nothing else (its weights get no gradient and contribute nothing).
	 */
	static int physicalInputChannels(final UNetSpec spec) {
		return Math.max(2, spec.inputChannels());
	}

	@Override
	public Shape[] getOutputShapes(final Shape[] inputShapes) {
		final Shape in = inputShapes[0];
		return new Shape[] { new Shape(in.get(0), spec.classes(), in.get(2), in.get(3)) };
	}

	@Override
	protected void initializeChildBlocks(final NDManager manager, final DataType dataType, final Shape... inputShapes) {
		final Shape in = inputShapes[0];
		final long n = in.get(0);
		long h = in.get(2), w = in.get(3);
		int channels = physicalInputChannels(spec);
		for (int level = 0; level <= spec.depth(); level++) {
			encoders.get(level).initialize(manager, dataType, new Shape(n, channels, h, w));
			channels = spec.width(level);
			if (level < spec.depth()) {
				h /= 2;
				w /= 2;
			}
		}
		for (int i = 0; i < decoders.size(); i++) {
			final int level = spec.depth() - 1 - i;
			h *= 2;
			w *= 2;
			decoders.get(i).initialize(manager, dataType, new Shape(n, spec.width(level + 1) + spec.width(level), h, w));
		}
		head.initialize(manager, dataType, new Shape(n, spec.baseWidth(), h, w));
	}

	@Override
	public String toString() {
		return spec.toString();
	}
}
