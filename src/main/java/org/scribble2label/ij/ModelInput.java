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
