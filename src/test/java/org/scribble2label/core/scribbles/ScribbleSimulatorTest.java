package org.scribble2label.core.scribbles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import org.junit.jupiter.api.Test;
import org.scribble2label.core.Scribbles;
import org.scribble2label.core.instance.ConnectedComponents;
import org.scribble2label.core.instance.ConnectedComponents.Connectivity;

class ScribbleSimulatorTest {

	/** A grid of separate discs of radius 7, 32 pixels apart (odd rows shifted by 3), instance ids 1, 2, …. */
	private static ArrayImg<IntType, IntArray> discs(final int columns, final int rows) {
		final int w = 32 * columns + 8, h = 32 * rows + 8;
		final int[] labels = new int[w * h];
		int id = 0;
		for (int row = 0; row < rows; row++)
			for (int column = 0; column < columns; column++) {
				id++;
				final int cx = 20 + 32 * column + (row % 2) * 3, cy = 20 + 32 * row;
				for (int y = cy - 7; y <= cy + 7; y++)
					for (int x = cx - 7; x <= cx + 7; x++)
						if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= 49) labels[y * w + x] = id;
			}
		return ArrayImgs.ints(labels, w, h);
	}

	private static short[] values(final Scribbles scribbles) {
		final short[] values = new short[(int) scribbles.labels().size()];
		int i = 0;
		for (final UnsignedShortType t : scribbles.labels())
			values[i++] = (short) t.get();
		return values;
	}

	/** 8-connected components of the pixels with a given scribble value. */
	private static int components(final Scribbles scribbles, final int value) {
		final short[] v = values(scribbles);
		final boolean[] mask = new boolean[v.length];
		for (int i = 0; i < v.length; i++)
			mask[i] = v[i] == value;
		final int w = (int) scribbles.labels().dimension(0), h = (int) scribbles.labels().dimension(1);
		return ConnectedComponents.label(mask, w, h, Connectivity.EIGHT, new int[w * h]);
	}

	@Test
	void keepsKForegroundComponentsAndAsManyBackgroundSegments() {
		final ArrayImg<IntType, IntArray> instances = discs(4, 3);
		final ScribbleSimulator.Result result = ScribbleSimulator.simulateWithCounts(instances, 0.3, 42);
		final int n = 12, expectedKept = n - (int) Math.floor(n * 0.7);
		assertEquals(4, expectedKept);
		assertEquals(n, result.foregroundComponents(), "one skeleton per disc");
		assertEquals(expectedKept, result.keptForeground());
		assertTrue(result.backgroundSegments() >= expectedKept, result.toString());
		assertEquals(expectedKept, result.keptBackground());
		assertEquals(expectedKept, components(result.scribbles(), 2));
		assertEquals(expectedKept, components(result.scribbles(), 1));
		assertEquals(List.of("background", "foreground"), result.scribbles().classNames());
		assertEquals(List.of(), result.scribbles().warnings());
	}

	@Test
	void ratioOneKeepsEveryForegroundComponent() {
		final ScribbleSimulator.Result result = ScribbleSimulator.simulateWithCounts(discs(4, 3), 1, 7);
		assertEquals(12, result.keptForeground());
		assertEquals(12, components(result.scribbles(), 2));
		// Every disc carries its whole skeleton.
		final int[] instances = discs(4, 3).update(null).getCurrentStorageArray();
		final short[] v = values(result.scribbles());
		final boolean[] scribbled = new boolean[13];
		for (int i = 0; i < v.length; i++)
			if (v[i] == 2) scribbled[instances[i]] = true;
		for (int id = 1; id <= 12; id++)
			assertTrue(scribbled[id], "disc " + id + " has no scribble");
	}

	@Test
	void sameSeedSameScribblesOtherSeedOthers() {
		final ArrayImg<IntType, IntArray> instances = discs(4, 3);
		final short[] a = values(ScribbleSimulator.simulate(instances, 0.3, 1));
		final short[] b = values(ScribbleSimulator.simulate(instances, 0.3, 1));
		final short[] c = values(ScribbleSimulator.simulate(instances, 0.3, 2));
		assertArrayEquals(a, b);
		assertFalse(Arrays.equals(a, c), "another seed should choose other components");
	}

	@Test
	void foregroundInsideObjectsBackgroundOutside() {
		final ArrayImg<IntType, IntArray> instances = discs(4, 3);
		final int[] labels = instances.update(null).getCurrentStorageArray();
		for (final double ratio : new double[] { 0.1, 0.5, 1 }) {
			final short[] v = values(ScribbleSimulator.simulate(instances, ratio, 5));
			int fg = 0, bg = 0;
			for (int i = 0; i < v.length; i++) {
				if (v[i] == 2) {
					fg++;
					assertTrue(labels[i] > 0, "foreground scribble outside the objects at " + i);
				}
				if (v[i] == 1) {
					bg++;
					assertEquals(0, labels[i], "background scribble inside an object at " + i);
				}
			}
			assertTrue(fg > 0 && bg > 0);
		}
	}

	@Test
	void touchingObjectsShareOneSkeleton() {
		// Two touching squares (ids 1 and 2) form one component of the binary mask, so one skeleton.
		final int w = 40, h = 30;
		final int[] labels = new int[w * h];
		for (int y = 8; y < 22; y++)
			for (int x = 8; x < 32; x++)
				labels[y * w + x] = x < 20 ? 1 : 2;
		final ScribbleSimulator.Result result = ScribbleSimulator.simulateWithCounts(ArrayImgs.ints(labels, w, h), 1, 0);
		assertEquals(1, result.foregroundComponents());
	}

	@Test
	void fewerBackgroundSegmentsThanForegroundScribblesKeepsAllWithAWarning() {
		// Vertical stripes: 8 objects 3 pixels wide, separated by 7 background gaps 2 pixels wide that
		// run from border to border; each gap thins to one straight line whose ends are too close to the
		// border for a corner peak, so there are only 7 background segments for 8 foreground skeletons.
		final int stripes = 8, w = 5 * stripes - 2, h = 40;
		final int[] labels = new int[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				if (x % 5 < 3) labels[y * w + x] = x / 5 + 1;
		final ScribbleSimulator.Result result = ScribbleSimulator.simulateWithCounts(ArrayImgs.ints(labels, w, h), 1, 0);
		assertEquals(stripes, result.foregroundComponents());
		assertEquals(stripes - 1, result.backgroundSegments(), result.toString());
		assertEquals(stripes - 1, result.keptBackground());
		assertEquals(1, result.scribbles().warnings().size());
		assertTrue(result.scribbles().warnings().get(0).contains("7 background segment(s) for 8"));
	}

	@Test
	void emptyMaskGivesNoScribblesAndAWarning() {
		final ScribbleSimulator.Result result = ScribbleSimulator.simulateWithCounts(ArrayImgs.ints(30, 20), 0.5, 0);
		assertEquals(0, result.foregroundComponents());
		assertEquals(0, result.scribbles().counts()[1] + result.scribbles().counts()[2]);
		assertEquals(1, result.scribbles().warnings().size());
	}

	@Test
	void rejectsBadRatiosAndNon2DImages() {
		assertThrows(IllegalArgumentException.class, () -> ScribbleSimulator.simulate(ArrayImgs.ints(10, 10), 0, 0));
		assertThrows(IllegalArgumentException.class, () -> ScribbleSimulator.simulate(ArrayImgs.ints(10, 10), 1.5, 0));
		assertThrows(IllegalArgumentException.class, () -> ScribbleSimulator.simulate(ArrayImgs.ints(10, 10),
			Double.NaN, 0));
		assertThrows(IllegalArgumentException.class, () -> ScribbleSimulator.simulate(ArrayImgs.ints(10, 10, 2), 0.5,
			0));
	}

	/**
	 * One real DSB2018 fluorescence training mask (256 x 256, 62 nuclei). The counts n_fg, n_bg and
	 * the corner count are those of the official pipeline run with scikit-image 0.19.3
	 * ({@code skeletonize}, {@code corner_harris}, {@code corner_peaks(min_distance=5,
	 * threshold_rel=0.1)}, {@code label}) on the same mask.
	 */
	@Test
	void realDsbImageMatchesScikitImageCountsAndLabelsFewPixels() throws IOException {
		final ArrayImg<IntType, IntArray> instances = readMask("dsb2018-fluo-0287e7ee_mask.png");
		final long pixels = instances.size();
		final ScribbleSimulator.Result atOne = ScribbleSimulator.simulateWithCounts(instances, 1, 0);
		assertEquals(48, atOne.foregroundComponents());
		assertEquals(87, atOne.corners());
		assertEquals(121, atOne.backgroundSegments());
		for (final double ratio : new double[] { 0.1, 0.3, 0.5, 1 }) {
			final ScribbleSimulator.Result result = ScribbleSimulator.simulateWithCounts(instances, ratio, 2020);
			final long[] counts = result.scribbles().counts();
			final double percent = 100.0 * (counts[1] + counts[2]) / pixels;
			System.out.println(String.format(Locale.ROOT, "DSB 0287e7ee, r = %.1f: %s", ratio, result));
			assertEquals(48 - (int) Math.floor(48 * (1 - ratio)), result.keptForeground());
			if (ratio == 0.1) {
				assertEquals(5, result.keptForeground());
				// The note's median over the train split at r = 0.1 is 0.16 %.
				assertTrue(percent > 0.05 && percent < 0.6, "labelled " + percent + " %");
			}
		}
		final long all = atOne.scribbles().counts()[1] + atOne.scribbles().counts()[2];
		assertTrue(100.0 * all / pixels < 5, "even r = 1 labels only skeleton pixels");
	}

	private static ArrayImg<IntType, IntArray> readMask(final String resource) throws IOException {
		try (InputStream in = ScribbleSimulatorTest.class.getResourceAsStream(resource)) {
			assertNotNull(in, "test resource " + resource);
			final BufferedImage image = ImageIO.read(in);
			final int w = image.getWidth(), h = image.getHeight();
			final Raster raster = image.getRaster();
			final int[] labels = new int[w * h];
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					labels[y * w + x] = raster.getSample(x, y, 0);
			return ArrayImgs.ints(labels, w, h);
		}
	}
}
