package org.scribble2label.core.image;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * A 2D multi-channel float image held as one array in channel, row, column order: the memory
 * layout of one sample of a network input (C x H x W).
 */
public final class PlanarFloatImage {

	private final int channels;
	private final int width;
	private final int height;
	private final float[] data;

	public PlanarFloatImage(final int channels, final int width, final int height) {
		this(channels, width, height, new float[Math.multiplyExact(Math.multiplyExact(channels, width), height)]);
	}

	public PlanarFloatImage(final int channels, final int width, final int height, final float[] data) {
		if (channels < 1 || width < 1 || height < 1)
			throw new IllegalArgumentException("Image dimensions must be positive: " + width + " x " + height + " x " + channels);
		if (data.length != (long) channels * width * height)
			throw new IllegalArgumentException("Array length " + data.length + " does not match " + width + " x " + height + " x " + channels);
		this.channels = channels;
		this.width = width;
		this.height = height;
		this.data = data;
	}

	/**
	 * Copies a 2D image, either (X, Y) with one channel or (X, Y, C), into a new planar image.
	 *
	 * @param expectedChannels the channels the caller needs; the image must have exactly these
	 */
	public static PlanarFloatImage copyOf(final RandomAccessibleInterval<? extends RealType<?>> image,
		final int expectedChannels)
	{
		final int n = image.numDimensions();
		final int c = n == 2 ? 1 : n == 3 ? (int) image.dimension(2) : -1;
		if (c < 0)
			throw new IllegalArgumentException("Expected a 2D image (X, Y) or a 2D multi-channel image (X, Y, C), got " + n + " dimensions.");
		if (c != expectedChannels)
			throw new IllegalArgumentException("The image has " + c + " channel(s) but " + expectedChannels + " are expected.");
		final long w = image.dimension(0), h = image.dimension(1);
		if (w * h > Integer.MAX_VALUE / c)
			throw new IllegalArgumentException("The image plane is too large to hold in one array: " + w + " x " + h);
		final PlanarFloatImage out = new PlanarFloatImage(c, (int) w, (int) h);
		// Views.flatIterable visits X fastest, then Y, then C: the same order as our array.
		final Cursor<? extends RealType<?>> cursor = Views.flatIterable(image).cursor();
		int i = 0;
		while (cursor.hasNext())
			out.data[i++] = cursor.next().getRealFloat();
		return out;
	}

	public int channels() {
		return channels;
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	/** The backing array, channel-major then row-major. */
	public float[] data() {
		return data;
	}

	public int planeSize() {
		return width * height;
	}

	public float get(final int c, final int x, final int y) {
		return data[(c * height + y) * width + x];
	}
}
