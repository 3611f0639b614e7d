package org.scribble2label.io.labkit;

import java.util.Arrays;

/**
 * Size rules shared by the labeling readers: what may be allocated, and whether a labeling fits
 * its image.
 */
final class LabelingSize {

	/** Largest Java array, hence largest ArrayImg. */
	static final long MAX_PIXELS = Integer.MAX_VALUE - 8;

	private LabelingSize() {}

	/** "512 x 512 x 10". */
	static String describe(final long[] dimensions) {
		final StringBuilder s = new StringBuilder();
		for (int d = 0; d < dimensions.length; d++)
			s.append(d == 0 ? "" : " x ").append(dimensions[d]);
		return s.toString();
	}

	/**
	 * Refuses sizes that cannot or should not be allocated as 16-bit labels, before allocating,
	 * so that a damaged or hostile interval never ends in an OutOfMemoryError.
	 */
	static void checkAllocatable(final long[] dimensions, final JsonSource source) throws LabelingFormatException {
		long pixels = 1;
		for (final long size : dimensions) {
			if (size > MAX_PIXELS || pixels > MAX_PIXELS / size)
				throw source.damaged("its size " + describe(dimensions) + " is larger than supported (at most " + MAX_PIXELS +
					" pixels in all)");
			pixels *= size;
		}
		final Runtime runtime = Runtime.getRuntime();
		final long available = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
		final long needed = 2 * pixels;
		if (needed > available)
			throw source.fail("its size " + describe(dimensions) + " needs " + megabytes(needed) +
				" MB of memory, but only " + megabytes(available) + " MB are free",
				"Give Fiji more memory (Edit > Options > Memory & Threads ...) and restart it, or work on a smaller image.");
	}

	private static long megabytes(final long bytes) {
		return (bytes + (1 << 20) - 1) >> 20;
	}

	/** Trailing singleton axes beyond X and Y carry no information: 512 x 512 x 1 is 512 x 512. */
	static long[] withoutTrailingOnes(final long[] dimensions) {
		int n = dimensions.length;
		while (n > 2 && dimensions[n - 1] == 1)
			n--;
		return Arrays.copyOf(dimensions, n);
	}

	/**
	 * Fails unless the labeling has the image's size. Labkit may save a labeling of a very large
	 * 2D image at an integer fraction of its size; that is recognised and explained.
	 *
	 * @param imageDimensions the image's X, Y (and Z) without channels; null for no check
	 */
	static void checkMatchesImage(final long[] labelingDimensions, final long[] imageDimensions, final JsonSource source)
		throws LabelingFormatException
	{
		if (imageDimensions == null) return;
		final long[] labeling = withoutTrailingOnes(labelingDimensions);
		final long[] image = withoutTrailingOnes(imageDimensions);
		if (Arrays.equals(labeling, image)) return;
		final String sizes = "the labeling is " + describe(labeling) + " but the image is " + describe(image);
		final int factor = downscaleFactor(labeling, image);
		if (factor > 1)
			throw source.fail(sizes + ", i.e. Labkit saved it at 1/" + factor + " of the image's resolution (it offers " +
				"this for very large images). Labelings at reduced resolution are not supported",
				"Scribble at full resolution: move the labeling file away, open the image in Labkit again and keep the " +
					"full size when Labkit asks for the labeling's resolution.");
		throw source.fail(sizes, "It belongs to another image, or the image was cropped or scaled since. Choose the " +
			"labeling saved for this image, or draw new scribbles on it.");
	}

	/** k > 1 where image size / k (rounded down, as Labkit shrinks) gives the labeling's size; else 0. */
	static int downscaleFactor(final long[] labeling, final long[] image) {
		if (labeling.length != image.length || labeling[0] <= 0) return 0;
		final long factor = image[0] / labeling[0];
		if (factor < 2 || factor > Integer.MAX_VALUE) return 0;
		for (int d = 0; d < labeling.length; d++)
			if (image[d] / factor != labeling[d]) return 0;
		return (int) factor;
	}
}
