package org.scribble2label.ij;

import ij.ImagePlus;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

import org.scribble2label.core.image.ColourChannels;

/**
 * What of an ImagePlus a network sees: all its channels or one, as (X, Y[, C][, Z]), checked
 * against a model. A multi-channel image and a stack look alike to the engine, so the check that
 * the channels fit the model happens here, where the ImagePlus still says which axis is which.
 * <p>
 * Every network input of an ImagePlus comes from here. An RGB image gives its red, green and
 * blue as three channels, or, to a model with one input channel, its luminance
 * ({@link ColourChannels}, the values {@link ImagePlusAdapter#wrap} gives). ImageJ counts an RGB
 * image as one channel: channel 1 of it is its luminance.
 */
public final class ModelInput {

	private ModelInput() {}

	/** Whether the network sees the image's colours: an RGB image with all channels (0). */
	public static boolean isColour(final ImagePlus image, final int channel) {
		return image.getType() == ImagePlus.COLOR_RGB && channel == 0;
	}

	/**
	 * Bytes per pixel of the float copy that the model's input of this image takes (an RGB image
	 * is copied: its three channels, or its luminance for a model of one channel); 0 where the
	 * input shares the image's pixels.
	 */
	public static int copiedBytesPerPixel(final ImagePlus image, final int channel,
		final org.scribble2label.core.model.Scribble2LabelModel model)
	{
		if (image.getType() != ImagePlus.COLOR_RGB) return 0;
		return Float.BYTES * channels(image, channelFor(image, channel, model.spec().inputChannels()));
	}

	/** The channel a model of {@code expected} input channels is given: an RGB image's luminance (1) for a model of one. */
	private static int channelFor(final ImagePlus image, final int channel, final int expected) {
		return isColour(image, channel) && ColourChannels.takesLuminance(expected) ? 1 : channel;
	}

	/**
	 * The network's input from an image: all channels (channel 0; an RGB image's red, green and
	 * blue), or only the given one (1-based); the axes are (X, Y[, C][, Z]) as the engine expects.
	 */
	public static RandomAccessibleInterval<? extends RealType<?>> input(final ImagePlus image, final int channel) {
		if (image.getNFrames() > 1)
			throw new IllegalArgumentException("'" + image.getTitle() + "' has " + image.getNFrames() +
				" time points: use one time point at a time (Image > Duplicate…).");
		if (channel < 0 || channel > image.getNChannels())
			throw new IllegalArgumentException("'" + image.getTitle() + "' has " + image.getNChannels() + " channel(s); channel " +
				channel + " does not exist. Use 0 for all channels" + (image.getType() == ImagePlus.COLOR_RGB
					? " (of an RGB image: red, green and blue), or 1 for its luminance." : "."));
		if (isColour(image, channel)) return ImagePlusAdapter.rgbChannels(image);
		final Img<? extends RealType<?>> img = ImagePlusAdapter.wrap(image);
		return channel == 0 || image.getNChannels() == 1 ? img : Views.hyperSlice(img, 2, channel - 1);
	}

	/** The number of input channels for {@link #input}. */
	public static int channels(final ImagePlus image, final int channel) {
		return isColour(image, channel) ? 3 : channel == 0 ? image.getNChannels() : 1;
	}

	/** For an input of red, green and blue ({@link #isColour}), how its luminance is computed; else null. */
	public static ColourChannels colour(final ImagePlus image, final int channel) {
		return isColour(image, channel) ? ImagePlusAdapter.colourChannels() : null;
	}

	/**
	 * The image's input for a model, checked: a multi-channel image and a model trained on one
	 * channel look alike to the engine (a stack), so the number of channels is checked here. An
	 * RGB image gives a model of one input channel its luminance.
	 */
	public static RandomAccessibleInterval<? extends RealType<?>> input(final ImagePlus image, final int channel,
		final org.scribble2label.core.model.Scribble2LabelModel model)
	{
		final int expected = model.spec().inputChannels();
		// The luminance straight from ImageJ (channel 1 of an RGB image), not from a copy of the three channels.
		final int used = channelFor(image, channel, expected);
		final int given = channels(image, used);
		if (expected != given)
			throw new IllegalArgumentException("The model was trained on " + expected + " channel(s), but " + given +
				" of '" + image.getTitle() + "' would be used" + (isColour(image, used) ? " (an RGB image: red, green and blue)" : "") +
				". " + mismatchAdvice(image, used, expected));
		return input(image, used);
	}

	private static String mismatchAdvice(final ImagePlus image, final int channel, final int expected) {
		if (expected == 1 && image.getNChannels() > 1)
			return "Set 'Channel' to the channel the model was trained on (1.." + image.getNChannels() + "); on the " +
				"command line, add --channel N.";
		if (channel != 0 && expected == channels(image, 0))
			return "Set 'Channel' to 0 (all channels); on the command line, leave out --channel.";
		return "Use an image with " + expected + " channels" + (expected == 3 ? " (for a model trained on colour: an RGB image)"
			: "") + ", or a model trained on this kind of image.";
	}

	/**
	 * Predicts an image, a Z-stack or a time series with the given channel(s), one slice (or time
	 * point) at a time: a slice's result is then the same whether the stack is predicted whole or
	 * in parts (a cluster's shards), and a stack's planes are never taken for channels.
	 *
	 * @return probabilities (X, Y, C[, Z]) and labels (X, Y[, Z]), Z being the slices or time points
	 */
	public static org.scribble2label.core.predict.Prediction predict(final ImagePlus image, final int channel,
		final org.scribble2label.core.model.Scribble2LabelModel model, final java.util.function.BooleanSupplier cancelled)
	{
		return predict(image, channel, model, cancelled, (done, total) -> {});
	}

	/** As {@link #predict(ImagePlus, int, org.scribble2label.core.model.Scribble2LabelModel, java.util.function.BooleanSupplier)}, reporting tiles done (of each slice). */
	public static org.scribble2label.core.predict.Prediction predict(final ImagePlus image, final int channel,
		final org.scribble2label.core.model.Scribble2LabelModel model, final java.util.function.BooleanSupplier cancelled,
		final org.scribble2label.core.predict.TiledPredictor.Progress progress)
	{
		final int positions = image.getNSlices() * image.getNFrames();
		if (positions == 1) return model.predict(input(image, channel, model), cancelled, progress);
		if (image.getNSlices() > 1 && image.getNFrames() > 1)
			throw new IllegalArgumentException("'" + image.getTitle() + "' has " + image.getNSlices() + " slices and " +
				image.getNFrames() + " time points: save one time point per file (Image > Duplicate…).");
		final boolean time = image.getNFrames() > 1;
		final int w = image.getWidth(), h = image.getHeight(), classes = model.spec().classes();
		final net.imglib2.img.planar.PlanarImg<net.imglib2.type.numeric.real.FloatType, net.imglib2.img.basictypeaccess.array.FloatArray> probabilities =
			net.imglib2.img.planar.PlanarImgs.floats(w, h, classes, positions);
		final net.imglib2.img.planar.PlanarImg<net.imglib2.type.numeric.integer.UnsignedByteType, net.imglib2.img.basictypeaccess.array.ByteArray> labels =
			net.imglib2.img.planar.PlanarImgs.unsignedBytes(w, h, positions);
		for (int s = 1; s <= positions; s++) {
			final ij.ImageStack planes = new ij.ImageStack(w, h);
			for (int c = 1; c <= image.getNChannels(); c++)
				planes.addSlice(image.getStack().getProcessor(image.getStackIndex(c, time ? 1 : s, time ? s : 1)));
			final ImagePlus slice = new ImagePlus(image.getTitle(), planes);
			slice.setDimensions(image.getNChannels(), 1, 1);
			final org.scribble2label.core.predict.Prediction p = model.predict(input(slice, channel, model), cancelled, progress);
			for (int c = 0; c < classes; c++)
				System.arraycopy(p.probabilities().getPlane(c).getCurrentStorageArray(), 0,
					probabilities.getPlane((s - 1) * classes + c).getCurrentStorageArray(), 0, w * h);
			System.arraycopy(p.labels().getPlane(0).getCurrentStorageArray(), 0, labels.getPlane(s - 1).getCurrentStorageArray(), 0,
				w * h);
		}
		return new org.scribble2label.core.predict.Prediction(probabilities, labels);
	}
}
