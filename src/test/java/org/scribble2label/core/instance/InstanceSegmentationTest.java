package org.scribble2label.core.instance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;

class InstanceSegmentationTest {

	private static boolean[] discs(final int w, final int h, final int[]... discs) {
		final boolean[] mask = new boolean[w * h];
		for (final int[] d : discs)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					if ((x - d[0]) * (x - d[0]) + (y - d[1]) * (y - d[1]) <= d[2] * d[2]) mask[y * w + x] = true;
		return mask;
	}

	private static int distinct(final int[] labels) {
		final Set<Integer> s = new HashSet<>();
		for (final int l : labels)
			if (l != 0) s.add(l);
		return s.size();
	}

	@Test
	void watershedSplitsTwoTouchingDiscsAndLeavesOneDiscAlone() {
		final int w = 60, h = 40;
		final boolean[] touching = discs(w, h, new int[] { 20, 20, 10 }, new int[] { 36, 20, 10 });
		final int[] labels = new int[w * h];
		assertEquals(1, ConnectedComponents.label(touching, w, h, ConnectedComponents.Connectivity.EIGHT, labels),
			"the discs touch");
		assertEquals(2, InstanceSegmentation.defaults().segment(touching, w, h, labels));
		assertEquals(2, distinct(labels));
		// Each centre gets its own instance, and every mask pixel one of the two.
		assertTrue(labels[20 * w + 20] != labels[20 * w + 36]);
		for (int i = 0; i < labels.length; i++)
			assertEquals(touching[i], labels[i] != 0);
		// The split runs near the neck (x = 28).
		assertEquals(labels[20 * w + 20], labels[20 * w + 26]);
		assertEquals(labels[20 * w + 36], labels[20 * w + 30]);

		final boolean[] single = discs(w, h, new int[] { 30, 20, 12 });
		assertEquals(1, InstanceSegmentation.defaults().segment(single, w, h, labels));
		final boolean[] ellipse = new boolean[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				ellipse[y * w + x] = (x - 30) * (x - 30) / 400.0 + (y - 20) * (y - 20) / 64.0 <= 1;
		assertEquals(1, InstanceSegmentation.defaults().segment(ellipse, w, h, labels), "an elongated nucleus stays whole");
	}

	@Test
	void connectedComponentsKeepTouchingDiscsTogether() {
		final int w = 60, h = 40;
		final boolean[] touching = discs(w, h, new int[] { 20, 20, 10 }, new int[] { 36, 20, 10 }, new int[] { 52, 5, 3 });
		final int[] labels = new int[w * h];
		final InstanceSegmentation components = new InstanceSegmentation(InstanceSegmentation.Method.CONNECTED_COMPONENTS, 0,
			true, 2);
		assertEquals(2, components.segment(touching, w, h, labels));
	}

	@Test
	void smallObjectsAreRemovedAndHolesFilled() {
		final int w = 30, h = 30;
		final boolean[] mask = discs(w, h, new int[] { 12, 12, 8 }, new int[] { 26, 26, 1 });
		mask[12 * w + 12] = false; // a one-pixel hole
		final int[] labels = new int[w * h];
		assertEquals(1, new InstanceSegmentation(InstanceSegmentation.Method.WATERSHED, 10, true, 2).segment(mask, w, h, labels));
		assertEquals(1, labels[12 * w + 12], "the hole is filled");
		assertEquals(0, labels[26 * w + 26], "the 5-pixel object is removed");
		assertEquals(2, new InstanceSegmentation(InstanceSegmentation.Method.WATERSHED, 0, false, 2).segment(mask, w, h, labels));
		assertEquals(0, labels[12 * w + 12], "without hole filling the hole stays");
	}

	@Test
	void holeFillingIgnoresBackgroundTouchingTheBorder() {
		final boolean[] mask = {
			true, true, true, false,
			true, false, true, false,
			true, true, true, true,
			false, false, true, false };
		HoleFilling.fill(mask, 4, 4);
		assertTrue(mask[5], "enclosed pixel");
		assertTrue(!mask[3] && !mask[7] && !mask[12], "border-connected background stays");
	}

	@Test
	void connectedComponentsFourAndEight() {
		final boolean[] diagonal = { true, false, false, true };
		final int[] labels = new int[4];
		assertEquals(2, ConnectedComponents.label(diagonal, 2, 2, ConnectedComponents.Connectivity.FOUR, labels));
		assertArrayEquals(new int[] { 1, 0, 0, 2 }, labels);
		assertEquals(1, ConnectedComponents.label(diagonal, 2, 2, ConnectedComponents.Connectivity.EIGHT, labels));
		// A U shape joins late: both arms are one component, numbered by first pixel.
		final boolean[] u = { true, false, true, true, false, true, true, true, true };
		assertEquals(1, ConnectedComponents.label(u, 3, 3, ConnectedComponents.Connectivity.FOUR, new int[9]));
	}

	@Test
	void distanceTransformIsEuclidean() {
		final int w = 9, h = 9;
		final boolean[] mask = new boolean[w * h];
		java.util.Arrays.fill(mask, true);
		mask[4 * w + 4] = false;
		final float[] d = DistanceTransform.compute(mask, w, h, false);
		assertEquals(0, d[4 * w + 4], 0);
		assertEquals(1, d[4 * w + 5], 1e-6);
		assertEquals(Math.sqrt(2), d[5 * w + 5], 1e-6);
		assertEquals(Math.sqrt(32), d[0], 1e-6);
		assertEquals(Math.hypot(4, 3), d[8 * w + 1], 1e-6);
		final float[] bordered = DistanceTransform.compute(mask, w, h, true);
		assertEquals(1, bordered[0], 1e-6, "outside the image counts as background");
	}

	@Test
	void aClassInsideTheHoleOfAnotherKeepsItsInstance() {
		final ArrayImg<UnsignedByteType, ByteArray> semantic = ArrayImgs.unsignedBytes(20, 20);
		final byte[] s = semantic.update(null).getCurrentStorageArray();
		for (int y = 2; y < 18; y++)
			for (int x = 2; x < 18; x++)
				s[y * 20 + x] = (byte) (x >= 7 && x < 13 && y >= 7 && y < 13 ? 2 : 1); // a ring of class 1 around class 2
		final Img<? extends IntegerType<?>> instances = new InstanceSegmentation(InstanceSegmentation.Method.CONNECTED_COMPONENTS,
			0, true, 1).apply(semantic);
		final net.imglib2.RandomAccess<? extends IntegerType<?>> a = instances.randomAccess();
		final int ring = a.setPositionAndGet(3, 3).getInteger(), inside = a.setPositionAndGet(10, 10).getInteger();
		assertEquals(1, ring);
		assertEquals(2, inside, "the inner object is not swallowed by the ring's filled hole");
	}

	@Test
	void semanticLabelsToInstancesPerClassInTheSmallestType() {
		final ArrayImg<UnsignedByteType, ByteArray> semantic = ArrayImgs.unsignedBytes(20, 10);
		final byte[] s = semantic.update(null).getCurrentStorageArray();
		for (int y = 2; y < 8; y++)
			for (int x = 2; x < 18; x++)
				s[y * 20 + x] = (byte) (x < 10 ? 1 : 2); // two touching rectangles of different classes
		final Img<? extends IntegerType<?>> instances = new InstanceSegmentation(InstanceSegmentation.Method.CONNECTED_COMPONENTS,
			0, true, 2).apply(semantic);
		assertTrue(instances.firstElement() instanceof UnsignedByteType);
		final net.imglib2.RandomAccess<? extends IntegerType<?>> a = instances.randomAccess();
		assertEquals(1, a.setPositionAndGet(3, 3).getInteger());
		assertEquals(2, a.setPositionAndGet(15, 3).getInteger(), "classes never share an instance");

		// 300 separate objects need 16 bits: never clipped at 255.
		final ArrayImg<UnsignedByteType, ByteArray> dots = ArrayImgs.unsignedBytes(60, 20);
		final byte[] d = dots.update(null).getCurrentStorageArray();
		for (int y = 0; y < 20; y += 2)
			for (int x = 0; x < 60; x += 2)
				d[y * 60 + x] = 1;
		final Img<? extends IntegerType<?>> many = new InstanceSegmentation(InstanceSegmentation.Method.CONNECTED_COMPONENTS, 0,
			false, 2).apply(dots);
		assertTrue(many.firstElement() instanceof UnsignedShortType);
		int max = 0;
		for (final IntegerType<?> t : many)
			max = Math.max(max, t.getInteger());
		assertEquals(300, max);
		assertTrue(!(many.firstElement() instanceof IntType));
	}
}
