package org.scribble2label.core.predict;

import org.scribble2label.core.image.PercentileNormalization;
import org.scribble2label.core.image.PlanarFloatImage;

import net.imglib2.Cursor;
import net.imglib2.FinalInterval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * Normalised pixels of one 2D image, read tile by tile. Reads beyond the border mirror the
 * image without repeating the edge pixel (reflect-101), as the training augmentation does.
 */
public interface TileSource {

	int width();

	int height();

	int channels();

	/**
	 * Copies the tile [x0, x0 + w) x [y0, y0 + h) of every channel into {@code dst} from
	 * {@code offset} on, in channel, row, column order.
	 */
	void read(int x0, int y0, int w, int h, float[] dst, int offset);

	/** Reflect-101 index into [0, n). */
	static int mirror(final int i, final int n) {
		if (n == 1) return 0;
		final int period = 2 * n - 2;
		int m = i % period;
		if (m < 0) m += period;
		return m < n ? m : period - m;
	}

	/** A source over an already normalised image in memory. */
	static TileSource of(final PlanarFloatImage image) {
		return new TileSource() {

			@Override
			public int width() {
				return image.width();
			}

			@Override
			public int height() {
				return image.height();
			}

			@Override
			public int channels() {
				return image.channels();
			}

			@Override
			public void read(final int x0, final int y0, final int w, final int h, final float[] dst, final int offset) {
				final float[] data = image.data();
				final int width = image.width(), height = image.height();
				int o = offset;
				for (int c = 0; c < image.channels(); c++) {
					final int plane = c * image.planeSize();
					for (int y = 0; y < h; y++) {
						final int row = plane + mirror(y0 + y, height) * width;
						if (x0 >= 0 && x0 + w <= width) {
							System.arraycopy(data, row + x0, dst, o, w);
							o += w;
						}
						else {
							for (int x = 0; x < w; x++)
								dst[o++] = data[row + mirror(x0 + x, width)];
						}
					}
				}
			}
		};
	}

	/**
	 * A source that normalises a 2D image, (X, Y) or (X, Y, C), on the fly, so that a large
	 * image is never copied whole.
	 */
	static TileSource normalizing(final RandomAccessibleInterval<? extends RealType<?>> image,
		final PercentileNormalization normalization)
	{
		final double[][] ranges = normalization.ranges(image);
		final int channels = ranges.length;
		final long minX = image.min(0), minY = image.min(1);
		final int width = (int) image.dimension(0), height = (int) image.dimension(1);
		return new TileSource() {

			@Override
			public int width() {
				return width;
			}

			@Override
			public int height() {
				return height;
			}

			@Override
			public int channels() {
				return channels;
			}

			@Override
			public void read(final int x0, final int y0, final int w, final int h, final float[] dst, final int offset) {
				int o = offset;
				for (int c = 0; c < channels; c++) {
					final RandomAccessibleInterval<? extends RealType<?>> plane = image.numDimensions() == 2 ? image
						: Views.hyperSlice(image, 2, image.min(2) + c);
					final double low = ranges[c][0], high = ranges[c][1];
					if (width == 1 || height == 1) {
						// ImgLib2's mirror of a one-pixel axis has a period of zero and reads out of bounds; mirror() repeats the pixel.
						final net.imglib2.RandomAccess<? extends RealType<?>> access = plane.randomAccess();
						for (int y = 0; y < h; y++)
							for (int x = 0; x < w; x++) {
								access.setPosition(minX + mirror(x0 + x, width), 0);
								access.setPosition(minY + mirror(y0 + y, height), 1);
								dst[o++] = PercentileNormalization.normalize(access.get().getRealFloat(), low, high);
							}
						continue;
					}
					// extendMirrorSingle is reflect-101, as mirror() above; a cursor is faster than positioning.
					final Cursor<? extends RealType<?>> cursor = Views.flatIterable(Views.interval(Views.extendMirrorSingle(plane),
						new FinalInterval(new long[] { minX + x0, minY + y0 }, new long[] { minX + x0 + w - 1, minY + y0 + h - 1 })))
						.cursor();
					while (cursor.hasNext())
						dst[o++] = PercentileNormalization.normalize(cursor.next().getRealFloat(), low, high);
				}
			}
		};
	}
}
