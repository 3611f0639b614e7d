package org.scribble2label.core.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.scribble2label.core.image.PercentileNormalization;

/** Reads beyond the border mirror the image (reflect-101), also along an axis of one pixel (D2). */
class TileSourceTest {

	@Test
	void oneRowAndOneColumnImagesMirrorLikeAnyOther() {
		final float[] values = { 0, 1, 2, 3, 4 };
		final PercentileNormalization identity = new PercentileNormalization(0, 100);
		for (final long[] dims : new long[][] { { 5, 1 }, { 1, 5 }, { 1, 1 } }) {
			final ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(java.util.Arrays.copyOf(values,
				(int) (dims[0] * dims[1])), dims);
			final TileSource source = TileSource.normalizing(img, identity);
			final float[] read = new float[8 * 8];
			source.read(-3, -3, 8, 8, read, 0);
			final double[] range = identity.ranges(img)[0];
			final int w = (int) dims[0], h = (int) dims[1];
			final float[] expected = new float[8 * 8];
			for (int y = 0; y < 8; y++)
				for (int x = 0; x < 8; x++)
					expected[y * 8 + x] = PercentileNormalization.normalize(values[TileSource.mirror(y - 3, h) * w +
						TileSource.mirror(x - 3, w)], range[0], range[1]);
			assertArrayEquals(expected, read, java.util.Arrays.toString(dims));
		}
	}
}
