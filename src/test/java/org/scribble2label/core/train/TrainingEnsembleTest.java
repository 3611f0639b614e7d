package org.scribble2label.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import net.imglib2.img.array.ArrayImgs;

/** The arithmetic of Where to Scribble Next: uncertainty, unsure pixels, unsure regions. */
class TrainingEnsembleTest {

	@Test
	void uncertaintyIsOneMinusTheLargestProbabilityAndUnsureIsNotAboveTau() {
		// 3 x 1 pixels, 2 classes (planes): background 0.9, 0.5, 0.2; foreground the rest.
		final TrainingEnsemble e = new TrainingEnsemble(List.of(ArrayImgs.floats(new float[] { 0.9f, 0.5f, 0.2f, 0.1f, 0.5f,
			0.8f }, 3, 1, 2)), 0.8, 3);
		final float[] u = e.uncertainty(0);
		assertEquals(0.1f, u[0], 1e-6f);
		assertEquals(0.5f, u[1], 1e-6f);
		assertEquals(0.2f, u[2], 1e-6f);
		// 0.8 is not above tau 0.8: unsure, as in training.
		assertArrayEquals(new boolean[] { false, true, true }, e.unsure(0));
		assertEquals(3, e.updates());
	}

	@Test
	void regionsBelowTheMinimumSizeAreDroppedAndLabelsContinueAcrossSlices() {
		// 4 x 3: a region of 3 pixels and one of 1 in the first mask; one of 2 in the second.
		final boolean[] a = new boolean[12], b = new boolean[12];
		a[0] = a[1] = a[4] = true;
		a[11] = true;
		b[6] = b[7] = true;
		final List<int[]> r = TrainingEnsemble.regions(List.of(a, b), 4, 3, 2);
		assertArrayEquals(new int[] { 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0 }, r.get(0), Arrays.toString(r.get(0)));
		assertArrayEquals(new int[] { 0, 0, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0 }, r.get(1), Arrays.toString(r.get(1)));
	}
}
