package org.scribble2label.core.train;

/**
 * One training batch in the network's memory layout, reused from step to step: images
 * (N, C, S, S), class targets (N, S, S) and the loss weights of {@link ScribbleLoss}.
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

	/** Pseudo-labelled pixels in the batch. */
	public int pseudoLabelled() {
		return pseudoLabelled;
	}

	public float[] images() {
		return images;
	}

	public long[] targets() {
		return targets;
	}

	public float[] scribbleWeights() {
		return scribbleWeights;
	}

	public float[] pseudoWeights() {
		return pseudoWeights;
	}
}
