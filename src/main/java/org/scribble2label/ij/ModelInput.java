package org.scribble2label.ij;

import ij.ImagePlus;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * What of an ImagePlus a network sees: all its channels or one, as (X, Y[, C][, Z]), checked
 * against a model. A multi-channel image and a stack look alike to the engine, so the check that
 * the channels fit the model happens here, where the ImagePlus still says which axis is which.
 */
public final class ModelInput {

	private ModelInput() {}

	/**
	 * The network's input from an image: all channels (channel 0), or only the given one
	 * (1-based); the axes are (X, Y[, C][, Z]) as the engine expects.
	 */
	public static RandomAccessibleInterval<? extends RealType<?>> input(final ImagePlus image, final int channel) {
		final Img<? extends RealType<?>> img = ImagePlusAdapter.wrap(image);
		if (image.getNFrames() > 1)
			throw new IllegalArgumentException("'" + image.getTitle() + "' has " + image.getNFrames() +
				" time points: use one time point at a time (Image > Duplicate…).");
		if (channel == 0) return img;
		if (channel < 0 || channel > image.getNChannels())
			throw new IllegalArgumentException("'" + image.getTitle() + "' has " + image.getNChannels() + " channel(s); channel " +
				channel + " does not exist. Use 0 for all channels.");
		return image.getNChannels() == 1 ? img : Views.hyperSlice(img, 2, channel - 1);
	}

	/** The number of input channels for {@link #input}. */
	public static int channels(final ImagePlus image, final int channel) {
		return channel == 0 ? image.getNChannels() : 1;
	}

	/**
	 * The image's input for a model, checked: a multi-channel image and a model trained on one
	 * channel look alike to the engine (a stack), so the number of channels is checked here.
	 */
	public static RandomAccessibleInterval<? extends RealType<?>> input(final ImagePlus image, final int channel,
		final org.scribble2label.core.model.Scribble2LabelModel model)
	{
		final int expected = model.spec().inputChannels(), given = channels(image, channel);
		if (expected != given)
			throw new IllegalArgumentException("The model was trained on " + expected + " channel(s), but " + given +
				" of '" + image.getTitle() + "' would be used. " + (expected == 1 && image.getNChannels() > 1
					? "Set 'Channel' to the channel the model was trained on (1.." + image.getNChannels() + "); on the " +
						"command line, add --channel N."
					: "Use an image with " + expected + " channels, or a model trained on this kind of image."));
		return input(image, channel);
	}

}
