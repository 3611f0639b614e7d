package org.scribble2label.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Two units of 3x3 convolution (no bias: BatchNorm follows), BatchNorm and ReLU, the building
 * block of every U-Net level. Intermediates are closed as soon as they are consumed (see
 * {@link UNet#forwardInternal}).
 */
final class DoubleConvolution extends AbstractBlock {

	private static final byte VERSION = 1;

	private final Block[] convolutions = new Block[2];
	private final Block[] norms = new Block[2];
	private final int channels;
	private volatile boolean frozenStatistics;

	DoubleConvolution(final int channels) {
		super(VERSION);
		this.channels = channels;
		for (int i = 0; i < 2; i++) {
			convolutions[i] = addChildBlock("conv" + i, Conv2d.builder().setKernelShape(new Shape(3, 3))
				.optPadding(new Shape(1, 1)).setFilters(channels).optBias(false).build());
			norms[i] = addChildBlock("norm" + i, BatchNorm.builder().build());
		}
	}

	/** Unit i's convolution (3x3, padding 1, no bias), for an export. */
	Block convolution(final int i) {
		return convolutions[i];
	}

	/** Unit i's BatchNorm, for an export. */
	Block norm(final int i) {
		return norms[i];
	}

	@Override
	protected NDList forwardInternal(final ParameterStore parameters, final NDList inputs, final boolean training,
		final PairList<String, Object> params)
	{
		NDArray x = inputs.singletonOrThrow();
		for (int i = 0; i < 2; i++) {
			final NDArray convolved = convolutions[i].forward(parameters, new NDList(x), training).singletonOrThrow();
			if (i > 0) x.close();
			// Frozen: normalise with the stored statistics and leave them alone, while the scale and
			// shift still learn (gradients flow either way).
			final NDArray normalised = norms[i].forward(parameters, new NDList(convolved), training && !frozenStatistics)
				.singletonOrThrow();
			convolved.close();
			x = Activation.relu(normalised);
			normalised.close();
		}
		return new NDList(x);
	}

	void freezeStatistics(final boolean frozen) {
		frozenStatistics = frozen;
	}

	@Override
	public Shape[] getOutputShapes(final Shape[] inputShapes) {
		final Shape in = inputShapes[0];
		return new Shape[] { new Shape(in.get(0), channels, in.get(2), in.get(3)) };
	}

	@Override
	protected void initializeChildBlocks(final NDManager manager, final DataType dataType, final Shape... inputShapes) {
		Shape shape = inputShapes[0];
		for (int i = 0; i < 2; i++) {
			convolutions[i].initialize(manager, dataType, shape);
			shape = convolutions[i].getOutputShapes(new Shape[] { shape })[0];
			norms[i].initialize(manager, dataType, shape);
		}
	}
}
