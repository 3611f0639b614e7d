package org.scribble2label.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
				new TrainingImage("rgb", ArrayImgs.floats(8, 8, 3), ArrayImgs.unsignedBytes(8, 8))), null, model));
			assertTrue(e.getMessage().contains("expects 1 channel(s) but the images have 3"), e.getMessage());
		}
	}
}
