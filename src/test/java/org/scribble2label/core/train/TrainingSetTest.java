package org.scribble2label.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import java.util.List;

import org.junit.jupiter.api.Test;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.scribble2label.core.DeviceChoice;
import org.scribble2label.core.TrainingImage;
import org.scribble2label.core.image.ColourChannels;
import org.scribble2label.core.model.Scribble2LabelModel;

/** Checking the training set, without training. */
class TrainingSetTest {

	private static Scribble2LabelModel threeClassModel() throws Exception {
		// background, nucleus, membrane; one input channel
		return Scribble2LabelModel.load(Paths.get(TrainingSetTest.class.getResource("/org/scribble2label/core/model/model-format-1.zip")
			.toURI()), DeviceChoice.CPU);
	}

	@Test
	void continuedScribblesAreMappedInACopyAndTheUsersLabelsStayAsTheyWere() throws Exception {
		final byte[] values = new byte[64];
		for (int i = 0; i < values.length; i++)
			values[i] = (byte) (i % 4); // 0 unlabelled, 1 bg, 2 "membrane", 3 "nucleus"
		final ArrayImg<UnsignedByteType, ByteArray> scribbles = ArrayImgs.unsignedBytes(values.clone(), 8, 8);
		try (Scribble2LabelModel model = threeClassModel()) {
			final TrainingSet set = TrainingSet.check(List.of(new TrainingImage("a", ArrayImgs.floats(8, 8), scribbles)),
				List.of("bg", "Membrane", "nucleus"), model);
			assertEquals(List.of("background", "nucleus", "membrane"), set.classNames, "the model's classes");
			final short[] copy = set.scribbles.get(0);
			for (int i = 0; i < values.length; i++)
				assertEquals(new int[] { 0, 1, 3, 2 }[values[i]], copy[i], "pixel " + i);
			assertArrayEquals(values, scribbles.update(null).getCurrentStorageArray(), "the user's label image is unchanged");
			assertEquals(64, set.pixels);
			assertTrue(set.warnings.stream().allMatch(w -> w.contains("scribbled pixel(s)")), set.warnings.toString());
			// Started from (a starter model), not continued: the new model takes the scribbles' names, in the
			// model's class order.
			final TrainingSet started = TrainingSet.check(List.of(new TrainingImage("a", ArrayImgs.floats(8, 8), scribbles)),
				List.of("bg", "Membrane", "nucleus"), model, true);
			assertEquals(List.of("bg", "nucleus", "Membrane"), started.classNames);
		}
	}

	@Test
	void aContinuedModelNeedsTheImagesChannels() throws Exception {
		try (Scribble2LabelModel model = threeClassModel()) {
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingSet.check(List.of(
				new TrainingImage("three", ArrayImgs.floats(8, 8, 3), ArrayImgs.unsignedBytes(8, 8))), null, model));
			assertTrue(e.getMessage().contains("trained on images of 1 channel(s), but 'three' has 3. Train on images like the " +
				"model's, or start from another model or from random weights."), e.getMessage());
		}
	}

	@Test
	void aColourImageTrainsAModelOfOneChannelOnItsLuminance() throws Exception {
		// Red, green and blue of 2 x 1 pixels: (30, 60, 90) and (0, 0, 255).
		final float[] rgb = { 30, 0, 60, 0, 90, 255 };
		final byte[] strokes = { 1, 2 };
		final ColourChannels colour = new ColourChannels(0.25, 0.5, 0.25);
		try (Scribble2LabelModel model = threeClassModel()) {
			final TrainingSet set = TrainingSet.check(List.of(new TrainingImage("rgb", ArrayImgs.floats(rgb, 2, 1, 3),
				ArrayImgs.unsignedBytes(strokes, 2, 1), colour)), null, model);
			assertEquals(1, set.channels);
			final TrainingImage fitted = set.images.get(0);
			assertEquals(2, fitted.image().numDimensions());
			assertEquals(60f, fitted.image().getAt(0, 0).getRealFloat());
			assertEquals(63.75f, fitted.image().getAt(1, 0).getRealFloat());
			assertNull(fitted.colour(), "the luminance is one grey channel");
		}
		// From random weights, the same image trains on its three channels.
		final TrainingSet fresh = TrainingSet.check(List.of(new TrainingImage("rgb", ArrayImgs.floats(rgb, 2, 1, 3),
			ArrayImgs.unsignedBytes(strokes, 2, 1), colour)), null, null);
		assertEquals(3, fresh.channels);
		// Colour and grey images in one training of three channels: said, with what to do.
		final IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class, () -> TrainingSet.check(List.of(
			new TrainingImage("rgb", ArrayImgs.floats(rgb, 2, 1, 3), ArrayImgs.unsignedBytes(strokes, 2, 1), colour),
			new TrainingImage("grey", ArrayImgs.floats(2, 1), ArrayImgs.unsignedBytes(strokes, 2, 1))), null, null));
		assertTrue(mixed.getMessage().contains("'grey' has 1, the first image 3. A colour (RGB) image has three"),
			mixed.getMessage());
	}
}
