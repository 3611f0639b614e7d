package org.scribble2label.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;

/** The pseudo-label diagnostic counts by hand: labelled or not by the trainer's rule, right or wrong. */
class PseudoLabelQualityTest {

	@Test
	void countsEachUnscribbledPixelOnce() {
		// Six pixels in a row: truth F F F B B B; pixel 5 is scribbled (background), so left out.
		final Img<UnsignedShortType> truth = ArrayImgs.unsignedShorts(new short[] { 1, 1, 2, 0, 0, 0 }, 6, 1);
		final short[] scribbles = { 0, 0, 0, 0, 0, 1 };
		// Foreground probability per pixel; background is its complement. tau 0.8:
		// 0.9 fg right, 0.5 unsure, 0.1 bg wrong, 0.95 fg wrong, 0.05 bg right, (scribbled).
		final float[] foreground = { 0.9f, 0.5f, 0.1f, 0.95f, 0.05f, 0.99f };
		final float[] planes = new float[12];
		for (int p = 0; p < 6; p++) {
			planes[p] = 1 - foreground[p];
			planes[6 + p] = foreground[p];
		}
		final Img<FloatType> average = ArrayImgs.floats(planes, 6, 1, 2);
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		final PseudoLabelQuality quality = new PseudoLabelQuality(new PrintStream(bytes, true, StandardCharsets.UTF_8),
			List.of(truth), List.of(scribbles));

		final PseudoLabelQuality.Counts n = quality.measure(List.of(average), 0.8);
		assertEquals(4.0 / 5, n.coverage(), 1e-12);
		assertEquals(0.5, n.foregroundPrecision(), 1e-12);
		assertEquals(0.5, n.backgroundPrecision(), 1e-12);
		assertEquals(1.0 / 3, n.foregroundFound(), 1e-12);
		assertEquals(1.0 / 3, n.foregroundLost(), 1e-12);
		// Both wrong pseudo-labels (pixels 2 and 3) sit on the true border; pixel 0 is 3 pixels from it.
		assertEquals(2, n.errors.wrong());
		assertEquals(1.0, n.errors.onBorder(), 1e-12);

		// Exactly tau is not above it: unsure, as in training (0.9 and its complement 0.1).
		final PseudoLabelQuality.Counts atTau = quality.measure(List.of(average), 0.9f);
		assertEquals(2.0 / 5, atTau.coverage(), 1e-12);
		assertEquals(0, atTau.foregroundRight);
	}
}
