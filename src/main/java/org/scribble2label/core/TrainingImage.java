package org.scribble2label.core;

import java.util.Objects;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;

import org.scribble2label.core.image.ColourChannels;

/**
 * One training image with its scribbles.
 * <p>
 * The image is 2D: (X, Y) for one channel or (X, Y, C). The scribbles are an integer label
 * image of size (X, Y): {@value #UNLABELLED} = not scribbled, {@value #BACKGROUND} = background,
 * 2, 3, … = foreground classes. Several training images form one training set.
 * <p>
 * A colour image is (X, Y, 3), red, green and blue, and says so ({@link #colour()}): a model
 * with one input channel trains on its luminance instead ({@link #forModel}).
 */
public final class TrainingImage {

	/** Scribble value of pixels without a scribble. */
	public static final int UNLABELLED = 0;
	/** Scribble value of the background class. */
	public static final int BACKGROUND = 1;

	private final String name;
	private final RandomAccessibleInterval<? extends RealType<?>> image;
	private final RandomAccessibleInterval<? extends IntegerType<?>> scribbles;
	private final ColourChannels colour;

	public TrainingImage(final String name, final RandomAccessibleInterval<? extends RealType<?>> image,
		final RandomAccessibleInterval<? extends IntegerType<?>> scribbles)
	{
		this(name, image, scribbles, null);
	}

	/**
	 * @param colour for a colour image, (X, Y, 3) red, green and blue: how its luminance is
	 *          computed; null for any other image
	 */
	public TrainingImage(final String name, final RandomAccessibleInterval<? extends RealType<?>> image,
		final RandomAccessibleInterval<? extends IntegerType<?>> scribbles, final ColourChannels colour)
	{
		this.name = Objects.requireNonNull(name);
		this.image = Objects.requireNonNull(image);
		this.scribbles = Objects.requireNonNull(scribbles);
		this.colour = colour;
		if (image.numDimensions() != 2 && image.numDimensions() != 3)
			throw new IllegalArgumentException("Image '" + name + "' must be 2D (X, Y) or 2D with channels (X, Y, C); it has " +
				image.numDimensions() + " dimensions. Train on single slices of a stack.");
		if (scribbles.numDimensions() != 2 || scribbles.dimension(0) != image.dimension(0) ||
			scribbles.dimension(1) != image.dimension(1))
			throw new IllegalArgumentException("The scribbles of '" + name + "' (" + describe(scribbles) +
				") must be a 2D label image of the image's size (" + image.dimension(0) + " x " +
				image.dimension(1) + ").");
		if (colour != null && (image.numDimensions() != 3 || image.dimension(2) != 3))
			throw new IllegalArgumentException("The colour image '" + name + "' must have three channels, red, green and blue; it is " +
				describe(image) + ".");
	}

	private static String describe(final RandomAccessibleInterval<?> rai) {
		final StringBuilder s = new StringBuilder();
		for (int d = 0; d < rai.numDimensions(); d++)
			s.append(d == 0 ? "" : " x ").append(rai.dimension(d));
		return s.toString();
	}

	public String name() {
		return name;
	}

	public RandomAccessibleInterval<? extends RealType<?>> image() {
		return image;
	}

	public RandomAccessibleInterval<? extends IntegerType<?>> scribbles() {
		return scribbles;
	}

	public int channels() {
		return image.numDimensions() == 2 ? 1 : (int) image.dimension(2);
	}

	/** For a colour image, how its luminance is computed; null for any other image. */
	public ColourChannels colour() {
		return colour;
	}

	/**
	 * This image as a model with {@code modelChannels} input channels takes it: a colour image
	 * becomes its luminance for a model of one channel ({@link ColourChannels}); any other image,
	 * or another number of channels, stays as it is.
	 */
	public TrainingImage forModel(final int modelChannels) {
		if (colour == null || !ColourChannels.takesLuminance(modelChannels)) return this;
		return new TrainingImage(name, colour.luminance(image), scribbles);
	}
}
