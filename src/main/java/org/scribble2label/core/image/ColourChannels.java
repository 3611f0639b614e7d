package org.scribble2label.core.image;

import java.util.Arrays;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * A colour (RGB) image as a network's input. It goes to the network as three channels, red,
 * green and blue (0 to 255, axes (X, Y, 3[, Z])), each normalised on its own. A model with one
 * input channel gets the image's luminance instead: every model trained before colour images
 * had three channels, and the built-in histology starter, learned on the luminance, so they still
 * see the values they learned on and predict what they predicted then. An instance holds the
 * luminance's weights of red, green and blue.
 */
public final class ColourChannels {

	private final double red, green, blue;

	/** @param red the weight of red in the luminance (ImageJ: 1/3, or 0.299 with "Weighted RGB conversions"), and so on */
	public ColourChannels(final double red, final double green, final double blue) {
		if (!(red >= 0 && green >= 0 && blue >= 0 && red + green + blue > 0))
			throw new IllegalArgumentException("Luminance weights must be non-negative and not all 0: " + red + ", " + green + ", " +
				blue);
		this.red = red;
		this.green = green;
		this.blue = blue;
	}

	/** Whether a model with this many input channels takes a colour image's luminance rather than its red, green and blue. */
	public static boolean takesLuminance(final int modelChannels) {
		return modelChannels == 1;
	}

	/**
	 * What a model with {@code modelChannels} input channels gets of a colour image (X, Y, 3[, Z]):
	 * the luminance (X, Y[, Z]) for one channel, else the image as it is (a model of neither one
	 * nor three channels then says that it does not fit).
	 */
	public RandomAccessibleInterval<? extends RealType<?>> forModel(final RandomAccessibleInterval<? extends RealType<?>> rgb,
		final int modelChannels)
	{
		return takesLuminance(modelChannels) ? luminance(rgb) : rgb;
	}

	/**
	 * The luminance (X, Y[, Z...]) of red, green and blue (X, Y, 3[, Z...]), computed as ImageJ's
	 * RGB to 32-bit conversion computes it (in double, then rounded to float), so that the values
	 * are the same to the bit.
	 */
	public PlanarImg<FloatType, FloatArray> luminance(final RandomAccessibleInterval<? extends RealType<?>> rgb) {
		if (rgb.numDimensions() < 3 || rgb.dimension(2) != 3)
			throw new IllegalArgumentException("A colour image has three channels (X, Y, 3[, Z]); this one is " +
				Arrays.toString(rgb.dimensionsAsLongArray()) + ".");
		final long[] dims = new long[rgb.numDimensions() - 1];
		for (int d = 0, o = 0; d < rgb.numDimensions(); d++)
			if (d != 2) dims[o++] = rgb.dimension(d);
		final PlanarImg<FloatType, FloatArray> out = PlanarImgs.floats(dims);
		// The three channel views and the output are visited in the same (X fastest) order.
		final Cursor<? extends RealType<?>> r = Views.flatIterable(Views.hyperSlice(rgb, 2, rgb.min(2))).cursor(),
			g = Views.flatIterable(Views.hyperSlice(rgb, 2, rgb.min(2) + 1)).cursor(),
			b = Views.flatIterable(Views.hyperSlice(rgb, 2, rgb.min(2) + 2)).cursor();
		final Cursor<FloatType> o = Views.flatIterable(out).cursor();
		while (o.hasNext())
			o.next().set((float) (r.next().getRealDouble() * red + g.next().getRealDouble() * green + b.next().getRealDouble() * blue));
		return out;
	}

	@Override
	public String toString() {
		return "colour (luminance weights " + red + ", " + green + ", " + blue + ")";
	}
}
