package org.scribble2label.core.train;

/**
 * One training batch in the network's memory layout, reused from step to step: images
 * (N, C, S, S), class targets (N, S, S) and the loss weights of {@link BatchArrays}.
 */
public final class CropBatch {

	final int size;
	final int channels;
	final int crop;
	final float[] images;
	final long[] targets;
	final float[] scribbleWeights;
	final float[] pseudoWeights;
	int scribbled;
	int pseudoLabelled;
	/** Whether the crops were drawn with pseudo-labels (their weights are then meaningful, even if all 0). */
	boolean hasPseudoLabels;

	public CropBatch(final int size, final int channels, final int crop) {
		this.size = size;
		this.channels = channels;
		this.crop = crop;
		final int pixels = size * crop * crop;
		images = new float[pixels * channels];
		targets = new long[pixels];
		scribbleWeights = new float[pixels];
		pseudoWeights = new float[pixels];
	}

	/** Scribbled pixels in the batch. */
	public int scribbled() {
		return scribbled;
	}
}
