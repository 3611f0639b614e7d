package org.scribble2label.core.model;

import ai.djl.nn.Block;

import com.google.gson.JsonObject;

/**
 * The architecture of a segmentation network: everything needed to build it before its weights
 * are loaded, and its settings in the model file. A network takes (N, inputChannels, H, W),
 * with H and W multiples of {@link #sizeMultiple()}, and returns one logit per class,
 * (N, classes, H, W). A new architecture implements this and registers its reader in
 * {@link NetworkTypes}.
 */
public interface NetworkSpec {

	/** The key of the architecture in model files, e.g. "unet". */
	String type();

	/** A new network of this architecture, not initialised. */
	Block build();

	int inputChannels();

	int classes();

	/** Input sides must be multiples of this. */
	int sizeMultiple();

	/** Floating-point operations of one forward pass of a width x height image (for speed estimates). */
	double forwardFlops(long width, long height);

	/** The architecture's settings, written beside its {@link #type()} in the model file. */
	/**
	 * The shape of every parameter, in the order the weights file stores them: an untrusted
	 * file is checked against these before anything of it is decoded (CheckedWeights).
	 */
	java.util.List<long[]> parameterShapes();

	JsonObject toJson();
}
