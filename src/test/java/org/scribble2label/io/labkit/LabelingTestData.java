package org.scribble2label.io.labkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;

import org.scribble2label.core.Scribbles;

/** Small label images for the labeling tests, given as flat values (X fastest). */
final class LabelingTestData {

	private LabelingTestData() {}

	static Scribbles scribbles(final int[] values, final List<String> classNames, final long... dimensions) {
		final Img<UnsignedShortType> labels = ArrayImgs.unsignedShorts(dimensions);
		final Cursor<UnsignedShortType> cursor = Views.flatIterable(labels).cursor();
		for (final int value : values)
			cursor.next().set(value);
		return new Scribbles(labels, classNames, List.of());
	}

	static int[] values(final Scribbles scribbles) {
		final int[] values = new int[(int) Views.iterable(scribbles.labels()).size()];
		final Cursor<UnsignedShortType> cursor = Views.flatIterable(scribbles.labels()).cursor();
		for (int i = 0; i < values.length; i++)
			values[i] = cursor.next().get();
		return values;
	}

	static void assertSameLabels(final Scribbles expected, final Scribbles actual) {
		assertArrayEquals(expected.labels().dimensionsAsLongArray(), actual.labels().dimensionsAsLongArray(), "size");
		assertArrayEquals(values(expected), values(actual), "pixel values");
	}
}
