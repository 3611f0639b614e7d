package org.scribble2label.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.ShortType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import org.scribble2label.core.Scribbles;
import org.scribble2label.ij.ImagePlusAdapter;

/**
 * Scribbles from image files: a label image in the engine's coding (0 unlabelled,
 * 1 background, 2, 3, … object classes), or a pair of binary masks. Both are 8-bit, 16-bit or
 * whole-number 32-bit images, 2D or a stack; colour images, several channels and time series are
 * refused with a message, because their values are not classes.
 */
public final class ScribbleFiles {

	private ScribbleFiles() {}

	/**
	 * Reads a label image: 0 unlabelled, 1 background, 2, 3, … object classes.
	 *
	 * @param classNames names of the classes, background first; null for the defaults of
	 *          {@link Scribbles#defaultClassNames(int)}
	 * @throws ScribbleFileException when the file is not a usable label image
	 */
	public static Scribbles readLabelImage(final Path file, final List<String> classNames) throws IOException {
		final Img<? extends RealType<?>> image = readGrayImage(file, "label image");
		requireWholeNumbers(image, file, "label image", "whole numbers: 0 for unlabelled, 1 for background, 2, 3, … " +
			"for object classes");
		try {
			return Scribbles.fromLabelImage(image, classNames);
		}
		catch (final IllegalArgumentException e) {
			throw new ScribbleFileException("Cannot use " + file + " as a label image: " + e.getMessage(), e);
		}
	}

	/**
	 * Reads a pair of masks of the same size: non-zero pixels of {@code foreground} are the
	 * object class, of {@code background} the background; pixels in both stay unlabelled.
	 *
	 * @throws ScribbleFileException when a file is not a usable mask or the sizes differ
	 */
	public static Scribbles readMasks(final Path foreground, final Path background) throws IOException {
		final Img<? extends RealType<?>> foregroundMask = readGrayImage(foreground, "foreground mask");
		final Img<? extends RealType<?>> backgroundMask = readGrayImage(background, "background mask");
		requireWholeNumbers(foregroundMask, foreground, "foreground mask", "0 (not scribbled) and another whole number");
		requireWholeNumbers(backgroundMask, background, "background mask", "0 (not scribbled) and another whole number");
		if (!Intervals.equalDimensions(foregroundMask, backgroundMask))
			throw new ScribbleFileException("The foreground mask " + foreground + " is " + describe(foregroundMask) +
				" but the background mask " + background + " is " + describe(backgroundMask) + ": draw both masks on the " +
				"same image and save them at its full size.");
		return Scribbles.fromMasks(foregroundMask, backgroundMask);
	}

	/**
	 * An image file as one grey channel, (X, Y) or (X, Y, Z); RGB, several channels and time
	 * series are refused.
	 *
	 * @param role what the file is for, for messages ("label image")
	 */
	public static Img<? extends RealType<?>> readGrayImage(final Path file, final String role) throws IOException {
		final ImagePlus imp;
		try {
			imp = ImageFiles.read(file);
		}
		catch (final RuntimeException e) {
			throw new ScribbleFileException("Cannot read the " + role + " " + file + " (" + e + "): save it again as TIFF " +
				"or PNG.", e);
		}
		final String cannotUse = "Cannot use " + file + " as a " + role + ": ";
		if (imp.getType() == ImagePlus.COLOR_RGB)
			throw new ScribbleFileException(cannotUse + "it is an RGB colour image, whose colours are not classes. Save " +
				"the labels as an 8-bit or 16-bit image in which each value is a class.");
		if (imp.getNChannels() > 1)
			throw new ScribbleFileException(cannotUse + "it has " + imp.getNChannels() + " channels. Save a single " +
				"channel (Image > Duplicate ... with one channel).");
		if (imp.getNFrames() > 1)
			throw new ScribbleFileException(cannotUse + "it is a time series (" + imp.getNFrames() + " time points), " +
				"which is not supported. Use one time point at a time (Image > Duplicate ... with one frame).");
		try {
			return labelValues(imp, file.toString());
		}
		catch (final IllegalArgumentException e) {
			throw new ScribbleFileException(cannotUse + e.getMessage(), e);
		}
	}

	/**
	 * The values of a label image as they were saved. ImageJ keeps signed 16-bit data as
	 * unsigned with 32768 added and undoes that only through the calibration, so a signed label
	 * image of 0, 1, 2 would otherwise read as 32768, 32769, 32770.
	 *
	 * @param name the image's name or file, for messages
	 * @throws ScribbleFileException for a negative value, which is no class
	 */
	public static Img<? extends RealType<?>> labelValues(final ImagePlus imp, final String name) throws ScribbleFileException {
		final Img<? extends RealType<?>> raw = ImagePlusAdapter.wrap(imp);
		if (imp.getType() != ImagePlus.GRAY16 || !imp.getCalibration().isSigned16Bit()) return raw;
		final Img<ShortType> values = ArrayImgs.shorts(Intervals.dimensionsAsLongArray(raw));
		final Cursor<? extends RealType<?>> in = Views.flatIterable(raw).cursor();
		final Cursor<ShortType> out = Views.flatIterable(values).cursor();
		while (in.hasNext()) {
			final int v = (int) in.next().getRealDouble() - 32768;
			if (v < 0)
				throw new ScribbleFileException(name + " holds the negative value " + v + ", which is no class: scribbles are 0 " +
					"for unlabelled, 1 for background, 2, 3, … for object classes. Set negative pixels to 0 (or to their class) " +
					"and save the labels as 8-bit or 16-bit.");
			out.next().set((short) v);
		}
		return values;
	}

	/** Float images may hold labels only when every value is a whole number. */
	private static void requireWholeNumbers(final Img<? extends RealType<?>> image, final Path file, final String role,
		final String expected) throws ScribbleFileException
	{
		for (final RealType<?> pixel : image) {
			final double value = pixel.getRealDouble();
			if (value < 0 || value != Math.rint(value))
				throw new ScribbleFileException("Cannot use " + file + " as a " + role + ": it holds the value " + value +
					", but a " + role + " holds " + expected + ". Choose the " + role + " itself (not a probability map or " +
					"an intensity image), saved as 8-bit or 16-bit.");
		}
	}

	private static String describe(final Img<?> image) {
		final StringBuilder s = new StringBuilder();
		for (int d = 0; d < image.numDimensions(); d++)
			s.append(d == 0 ? "" : " x ").append(image.dimension(d));
		return s.toString();
	}
}
