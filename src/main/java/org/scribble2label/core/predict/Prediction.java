package org.scribble2label.core.predict;

import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * The result of predicting an image: per-class probabilities and the semantic label image.
 * <p>
 * For a 2D image of size (X, Y) the probabilities are (X, Y, classes) and the labels (X, Y);
 * for a stack of Z slices (X, Y, classes, Z) and (X, Y, Z). A label is the index of the most
 * probable class: 0 = background, 1, 2, … = the foreground classes.
 */
public final class Prediction {

	private final PlanarImg<FloatType, FloatArray> probabilities;
	private final PlanarImg<UnsignedByteType, ByteArray> labels;

	public Prediction(final PlanarImg<FloatType, FloatArray> probabilities,
		final PlanarImg<UnsignedByteType, ByteArray> labels)
	{
		this.probabilities = probabilities;
		this.labels = labels;
	}

	/** Class probabilities, (X, Y, classes) or (X, Y, classes, Z). */
	public PlanarImg<FloatType, FloatArray> probabilities() {
		return probabilities;
	}

	/** Most probable class per pixel, (X, Y) or (X, Y, Z). */
	public PlanarImg<UnsignedByteType, ByteArray> labels() {
		return labels;
	}

	/** Number of classes, background included. */
	public int classes() {
		return (int) probabilities.dimension(2);
	}
}
