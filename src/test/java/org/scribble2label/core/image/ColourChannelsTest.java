package org.scribble2label.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

class ColourChannelsTest {

	private static final ColourChannels WEIGHTED = new ColourChannels(0.299, 0.587, 0.114);

	@Test
	void theLuminanceOfAStackIsComputedPixelByPixelAsImageJDoes() {
		// (X, Y, C, Z) = (2, 1, 3, 2): X fastest, then the channels, then the slices.
		final float[] rgb = { 10, 255, 20, 0, 30, 7, /* slice 2 */ 1, 2, 3, 4, 5, 6 };
		final PlanarImg<FloatType, FloatArray> luminance = WEIGHTED.luminance(ArrayImgs.floats(rgb, 2, 1, 3, 2));
		assertArrayEquals(new long[] { 2, 1, 2 }, luminance.dimensionsAsLongArray());
		final float[] expected = new float[4];
		for (int z = 0; z < 2; z++)
			for (int x = 0; x < 2; x++) {
				final int base = z * 6 + x;
				expected[z * 2 + x] = (float) (rgb[base] * 0.299 + rgb[base + 2] * 0.587 + rgb[base + 4] * 0.114);
			}
		assertArrayEquals(new float[] { expected[0], expected[1] }, luminance.getPlane(0).getCurrentStorageArray(), 0f);
		assertArrayEquals(new float[] { expected[2], expected[3] }, luminance.getPlane(1).getCurrentStorageArray(), 0f);
		assertEquals((float) (255 * 0.299 + 7 * 0.114), luminance.getPlane(0).getCurrentStorageArray()[1], 0f);
	}

	@Test
	void aModelOfOneChannelGetsTheLuminanceAndAModelOfThreeTheColours() {
		final ArrayImg<FloatType, FloatArray> rgb = ArrayImgs.floats(new float[] { 30, 60, 90 }, 1, 1, 3);
		final RandomAccessibleInterval<? extends RealType<?>> grey = WEIGHTED.forModel(rgb, 1);
		assertEquals(2, grey.numDimensions());
		assertEquals((float) (30 * 0.299 + 60 * 0.587 + 90 * 0.114), grey.getAt(0, 0).getRealFloat(), 0f);
		assertSame(rgb, WEIGHTED.forModel(rgb, 3));
		assertTrue(ColourChannels.takesLuminance(1));
		assertFalse(ColourChannels.takesLuminance(3));
	}

	@Test
	void anImageOfOtherChannelsIsNotColour() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> WEIGHTED.luminance(ArrayImgs.floats(4, 4, 2)));
		assertTrue(e.getMessage().contains("three channels"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> WEIGHTED.luminance(ArrayImgs.floats(4, 4)));
		assertThrows(IllegalArgumentException.class, () -> new ColourChannels(0, 0, 0));
	}
}
