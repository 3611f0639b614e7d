package org.scribble2label.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Where wrong pixels lie, counted by hand on squares. */
class BorderErrorsTest {

	private static final int SIZE = 16;

	/** A square of foreground from {@code from} to {@code to} (inclusive) in x and y. */
	private static boolean[] square(final int from, final int to) {
		final boolean[] mask = new boolean[SIZE * SIZE];
		for (int y = from; y <= to; y++)
			for (int x = from; x <= to; x++)
				mask[y * SIZE + x] = true;
		return mask;
	}

	@Test
	void borderIsTheRingWithinTheRadiusOnEitherSide() {
		final boolean[] near = BorderErrors.nearBorder(square(4, 9), SIZE, SIZE, 2);
		// Inside, pixels at least 3 from the edge of the square (6..7) are off the border; outside, 3 or more away.
		final boolean[] expected = square(2, 11);
		for (int y = 6; y <= 7; y++)
			for (int x = 6; x <= 7; x++)
				expected[y * SIZE + x] = false;
		assertArrayEquals(expected, near);
	}

	@Test
	void splitsWrongPixelsIntoBorderAndElsewhere() {
		final boolean[] truth = square(2, 9);
		// Predicted one pixel too wide all round (36 false foreground pixels on the border), a hole in
		// the middle of the object and a false pixel far from it (both off the border).
		final boolean[] predicted = square(1, 10);
		predicted[5 * SIZE + 5] = false;
		predicted[14 * SIZE + 14] = true;
		final BorderErrors errors = new BorderErrors();
		errors.add(truth, predicted, null, SIZE, SIZE);
		assertEquals(37, errors.falseForeground);
		assertEquals(36, errors.falseForegroundOnBorder);
		assertEquals(1, errors.missedForeground);
		assertEquals(0, errors.missedForegroundOnBorder);
		assertEquals(36.0 / 38, errors.onBorder(), 1e-12);
		assertEquals(37.0 / 38, errors.falseForegroundShare(), 1e-12);
		assertEquals(100.0 / 64, errors.areaRatio(), 1e-12);
		// 63 of 64 true pixels found, union 64 + 37: as scored 63 / 101; the border's 36 false pixels
		// undone leave a union of 65; the hole and the far pixel undone give 64 / 100.
		assertEquals(63.0 / 101, errors.meanIoU(), 1e-6);
		assertEquals(63.0 / 65, errors.meanIoUBorderRight(), 1e-6);
		assertEquals(64.0 / 100, errors.meanIoUElsewhereRight(), 1e-6);
		assertTrue(errors.describe().contains("mean IoU 0.624, 0.969 with the border errors set right, 0.640 with the others"),
			errors.describe());

		// The IoU is a mean per image: a second image, predicted perfectly, scores 1.
		errors.add(truth, truth, null, SIZE, SIZE);
		assertEquals((63.0 / 101 + 1) / 2, errors.meanIoU(), 1e-6);

		// Pixels left out are not counted at all: here the far false pixel.
		final boolean[] consider = new boolean[SIZE * SIZE];
		java.util.Arrays.fill(consider, true);
		consider[14 * SIZE + 14] = false;
		final BorderErrors some = new BorderErrors();
		some.add(truth, predicted, consider, SIZE, SIZE);
		assertEquals(36, some.falseForeground);
		assertEquals(36.0 / 37, some.onBorder(), 1e-12);
	}
}
