package org.scribble2label.core.starter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

import org.scribble2label.core.SyntheticImages;

class ModalityTest {

	@Test
	void darkBackgroundIsFluorescenceBrightIsBrightFieldColourIsHistology() {
		final SyntheticImages data = SyntheticImages.create(96, 5);
		final Modality.Guess fluorescence = Modality.guess(data.image, false);
		assertEquals(Modality.FLUORESCENCE, fluorescence.modality, fluorescence.toString());
		assertTrue(fluorescence.reason.contains("dark"), fluorescence.reason);

		final Img<FloatType> inverted = ArrayImgs.floats(96, 96);
		final net.imglib2.Cursor<FloatType> out = inverted.cursor();
		final net.imglib2.Cursor<? extends net.imglib2.type.numeric.RealType<?>> in = data.image.cursor();
		while (out.hasNext())
			out.next().setReal(255 - in.next().getRealDouble());
		assertEquals(Modality.BRIGHT_FIELD, Modality.guess(inverted, false).modality);
		assertEquals(Modality.HISTOLOGY, Modality.guess(data.image, true).modality);
	}

	@Test
	void namesAreReadAsUsersWriteThem() {
		assertEquals(Modality.BRIGHT_FIELD, Modality.of("Bright_Field"));
		assertEquals(Modality.HISTOLOGY, Modality.of(" histology "));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Modality.of("phase"));
		assertTrue(e.getMessage().contains("fluorescence, histology or bright-field"), e.getMessage());
	}
}
