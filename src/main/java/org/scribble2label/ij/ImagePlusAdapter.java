package org.scribble2label.ij;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;
import net.imglib2.view.Views;

import org.scribble2label.core.image.ColourChannels;

/**
 * Converts between ImageJ 1.x {@link ImagePlus} and ImgLib2 images (imglib2-ij is not on
 * Maven Central). 8-bit, 16-bit and 32-bit images are wrapped without copying: the ImgLib2
 * image shares the processors' pixel arrays. {@link #wrap} turns an RGB image into its luminance
 * (the weighted mean ImageJ uses for RGB to 8-bit), as a float copy: the grey values ImageJ
 * measures, for label, mask and scribble images. A network's input comes from {@link ModelInput},
 * which gives an RGB image as three channels ({@link #rgbChannels}).
 */
public final class ImagePlusAdapter {

	private ImagePlusAdapter() {}

	/**
	 * The image as ImgLib2, axes (X, Y), then C, Z and T where larger than 1, in that order.
	 */
	public static Img<? extends RealType<?>> wrap(final ImagePlus imp) {
		final ImageStack stack = imp.getStack();
		final List<Long> dims = new ArrayList<>();
		dims.add((long) imp.getWidth());
		dims.add((long) imp.getHeight());
		for (final int d : new int[] { imp.getNChannels(), imp.getNSlices(), imp.getNFrames() })
			if (d > 1) dims.add((long) d);
		final long[] dimensions = dims.stream().mapToLong(Long::longValue).toArray();
		switch (imp.getType()) {
			case ImagePlus.GRAY8:
			case ImagePlus.COLOR_256: {
				final List<ByteArray> planes = new ArrayList<>();
				for (int i = 1; i <= stack.getSize(); i++)
					planes.add(new ByteArray((byte[]) stack.getPixels(i)));
				final PlanarImg<UnsignedByteType, ByteArray> img = planar(planes, dimensions);
				img.setLinkedType(new UnsignedByteType(img));
				return img;
			}
			case ImagePlus.GRAY16: {
				final List<ShortArray> planes = new ArrayList<>();
				for (int i = 1; i <= stack.getSize(); i++)
					planes.add(new ShortArray((short[]) stack.getPixels(i)));
				final PlanarImg<UnsignedShortType, ShortArray> img = planar(planes, dimensions);
				img.setLinkedType(new UnsignedShortType(img));
				return img;
			}
			case ImagePlus.GRAY32: {
				final List<FloatArray> planes = new ArrayList<>();
				for (int i = 1; i <= stack.getSize(); i++)
					planes.add(new FloatArray((float[]) stack.getPixels(i)));
				final PlanarImg<FloatType, FloatArray> img = planar(planes, dimensions);
				img.setLinkedType(new FloatType(img));
				return img;
			}
			case ImagePlus.COLOR_RGB: {
				final List<FloatArray> planes = new ArrayList<>();
				for (int i = 1; i <= stack.getSize(); i++) {
					final ColorProcessor cp = (ColorProcessor) stack.getProcessor(i);
					planes.add(new FloatArray((float[]) cp.convertToFloatProcessor().getPixels()));
				}
				final PlanarImg<FloatType, FloatArray> img = planar(planes, dimensions);
				img.setLinkedType(new FloatType(img));
				return img;
			}
			default:
				throw new IllegalArgumentException("Unsupported image type of '" + imp.getTitle() +
					"': use an 8-bit, 16-bit, 32-bit or RGB image.");
		}
	}

	/**
	 * An RGB image's red, green and blue as channels: (X, Y, 3), then Z and T where larger than
	 * 1, as float planes with values 0 to 255.
	 */
	public static Img<FloatType> rgbChannels(final ImagePlus imp) {
		if (imp.getType() != ImagePlus.COLOR_RGB) throw new IllegalArgumentException("'" + imp.getTitle() + "' is not an RGB image.");
		final ImageStack stack = imp.getStack();
		final List<Long> dims = new ArrayList<>(List.of((long) imp.getWidth(), (long) imp.getHeight(), 3L));
		for (final int d : new int[] { imp.getNSlices(), imp.getNFrames() })
			if (d > 1) dims.add((long) d);
		final List<FloatArray> planes = new ArrayList<>();
		for (int i = 1; i <= stack.getSize(); i++) {
			final ColorProcessor cp = (ColorProcessor) stack.getProcessor(i);
			for (int c = 0; c < 3; c++)
				planes.add(new FloatArray((float[]) cp.toFloat(c, null).getPixels()));
		}
		final PlanarImg<FloatType, FloatArray> img = planar(planes, dims.stream().mapToLong(Long::longValue).toArray());
		img.setLinkedType(new FloatType(img));
		return img;
	}

	/**
	 * The colour of {@link #rgbChannels}, with the luminance {@link #wrap} computes: ImageJ's
	 * weights of red, green and blue now (Edit > Options > Conversions, "Weighted RGB conversions").
	 */
	public static ColourChannels colourChannels() {
		final double[] weights = ColorProcessor.getWeightingFactors();
		return new ColourChannels(weights[0], weights[1], weights[2]);
	}

	private static <T extends NativeType<T>, A extends ArrayDataAccess<A>> PlanarImg<T, A> planar(final List<A> planes,
		final long[] dimensions)
	{
		return new PlanarImg<>(planes, dimensions, new Fraction());
	}

	/**
	 * An ImagePlus of a 2D image or stack: (X, Y) or (X, Y, Z...) with Z the product of the
	 * remaining axes. UnsignedByte and UnsignedShort images become 8 and 16-bit, Float 32-bit
	 * (planar images share their arrays), other types are copied to 32-bit float.
	 */
	public static ImagePlus toImagePlus(final RandomAccessibleInterval<? extends RealType<?>> image, final String title,
		final Calibration calibration)
	{
		final int width = (int) image.dimension(0), height = (int) image.dimension(1);
		final ImageStack stack = new ImageStack(width, height);
		final long planes = Views.flatIterable(image).size() / ((long) width * height);
		final Object type = image.getAt(image.minAsLongArray());
		final boolean planar = image instanceof PlanarImg;
		final Cursor<? extends RealType<?>> cursor = Views.flatIterable(image).cursor();
		for (int i = 0; i < planes; i++) {
			if (type instanceof UnsignedByteType) {
				final byte[] pixels = planar ? (byte[]) ((PlanarImg<?, ?>) image).getPlane(i).getCurrentStorageArray() : new byte[width * height];
				if (!planar) for (int p = 0; p < pixels.length; p++)
					pixels[p] = (byte) cursor.next().getRealDouble();
				stack.addSlice(new ByteProcessor(width, height, pixels));
			}
			else if (type instanceof UnsignedShortType) {
				final short[] pixels = planar ? (short[]) ((PlanarImg<?, ?>) image).getPlane(i).getCurrentStorageArray() : new short[width * height];
				if (!planar) for (int p = 0; p < pixels.length; p++)
					pixels[p] = (short) cursor.next().getRealDouble();
				stack.addSlice(new ShortProcessor(width, height, pixels, null));
			}
			else if (type instanceof FloatType && planar) {
				// Shared, not copied: a copy of large probabilities would double their memory (8192² x 2 classes: 512 MB).
				stack.addSlice(new FloatProcessor(width, height, (float[]) ((PlanarImg<?, ?>) image).getPlane(i).getCurrentStorageArray()));
			}
			else {
				final float[] pixels = new float[width * height];
				for (int p = 0; p < pixels.length; p++)
					pixels[p] = cursor.next().getRealFloat();
				stack.addSlice(new FloatProcessor(width, height, pixels));
			}
		}
		final ImagePlus imp = new ImagePlus(title, stack);
		if (calibration != null) imp.setCalibration(calibration.copy());
		final ImageProcessor ip = imp.getProcessor();
		if (ip instanceof FloatProcessor) ip.resetMinAndMax();
		return imp;
	}
}
