package org.scribble2label.core.train;

/**
 * Pseudo-labels per training image and pixel, cropped with the scribbles when a batch is drawn:
 * the prediction ensemble, and later a starter model's prediction or a classical proposal.
 */
public interface PixelLabels {

	/** Returned where a pixel gets no pseudo-label. */
	int NONE = -1;

	/** The class (0-based) of pixel {@code pixel} of training image {@code image}, or {@link #NONE}. */
	int pseudoLabel(int image, int pixel);
}
