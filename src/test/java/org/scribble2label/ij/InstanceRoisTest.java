package org.scribble2label.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.GraphicsEnvironment;
import java.awt.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.plugin.frame.RoiManager;
import ij.process.ByteProcessor;

import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Instance label images to area ROIs: each ROI holds exactly its instance's pixels. */
class InstanceRoisTest {

	/** 0 background; 1 a rectangle, 2 a ring (hole), 3 on the border, 5 in two parts, 70000 a blob. */
	private static final String[] INSTANCES = {
		"3333..........",
		"33....1111....",
		"3.....1111..11",
		"..22222.....11",
		"..2...2.......",
		"..2...2..7777.",
		"..22222..7777.",
		".........777..",
		"5............5",
		"55..........55" };

	@Test
	void everyRoiHoldsExactlyItsInstancesPixels() {
		final Img<IntType> labels = labels(INSTANCES, 7, 70000);
		final List<Roi> rois = InstanceRois.toRois(labels);
		assertEquals(5, rois.size());
		final long[] expectedLabels = { 1, 2, 3, 5, 70000 };
		for (int i = 0; i < rois.size(); i++) {
			final long label = expectedLabels[i];
			final Roi roi = rois.get(i);
			assertEquals(String.format("object-%05d", label), roi.getName());
			assertTrue(roi.isArea(), roi.toString());
			assertEquals(pixelsOf(labels, label), containedPixels(roi), roi.getName());
		}
		assertEquals(Roi.COMPOSITE, rois.get(1).getType(), "the ring has a hole");
		assertEquals(0, rois.get(2).getBounds().x, "instance 3 touches the left border");
	}

	@Test
	void consecutiveLabelsAndAGroup() {
		final Img<UnsignedByteType> labels = ArrayImgs.unsignedBytes(6, 3);
		final RandomAccess<UnsignedByteType> access = labels.randomAccess();
		for (int x = 0; x < 6; x++) {
			access.setPositionAndGet(x, 2).set(x < 3 ? 1 : 2);
			access.setPositionAndGet(x, 1).set(x == 5 ? 2 : 0);
		}
		final List<Roi> rois = InstanceRois.toRois(labels, 2);
		assertEquals(List.of("object-0001", "object-0002"), List.of(rois.get(0).getName(), rois.get(1).getName()));
		for (final Roi roi : rois)
			assertEquals(2, roi.getGroup());
		assertEquals(Set.of("0,2", "1,2", "2,2"), containedPixels(rois.get(0)));
		assertEquals(Set.of("3,2", "4,2", "5,2", "5,1"), containedPixels(rois.get(1)));
	}

	@Test
	void emptyLabelImageGivesNoRois() {
		assertEquals(List.of(), InstanceRois.toRois(ArrayImgs.ints(5, 4)));
	}

	@Test
	void negativeLabelsAndWrongDimensionsAreRefused() {
		final Img<IntType> negative = ArrayImgs.ints(3, 3);
		negative.firstElement().set(-2);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> InstanceRois.toRois(negative)).getMessage().contains(
			"negative"));
		assertThrows(IllegalArgumentException.class, () -> InstanceRois.toRois(ArrayImgs.ints(3, 3, 2)));
		assertThrows(IllegalArgumentException.class, () -> InstanceRois.toRois(ArrayImgs.ints(3, 3), 256));
	}

	@Test
	void hundredsOfInstancesOnALargeImage() {
		final int size = 1024, cell = 40;
		final Img<IntType> labels = ArrayImgs.ints(size, size);
		final RandomAccess<IntType> access = labels.randomAccess();
		int label = 0;
		for (int cy = 0; cy + cell <= size; cy += cell)
			for (int cx = 0; cx + cell <= size; cx += cell) {
				label++;
				for (int y = 4; y < cell - 4; y++)
					for (int x = 4; x < cell - 4; x++)
						if ((x - 20) * (x - 20) + (y - 20) * (y - 20) < 15 * 15) access.setPositionAndGet(cx + x, cy + y).set(label);
			}
		final long start = System.nanoTime();
		final List<Roi> rois = InstanceRois.toRois(labels);
		final double seconds = (System.nanoTime() - start) / 1e9;
		assertEquals(label, rois.size());
		assertEquals(pixelsOf(labels, 345), containedPixels(rois.get(344)));
		assertTrue(seconds < 5, label + " instances took " + seconds + " s");
	}

	@Test
	void withoutADisplayTheRoisGoToTheOverlay() {
		Assumptions.assumeTrue(GraphicsEnvironment.isHeadless(), "a ROI Manager can only be tested headless");
		final ImagePlus image = new ImagePlus("prediction", new ByteProcessor(14, 10));
		final List<Roi> rois = InstanceRois.toRois(labels(INSTANCES, 7, 70000));
		final Optional<RoiManager> manager = InstanceRois.addToRoiManager(image, rois);
		assertTrue(manager.isEmpty());
		assertEquals(5, image.getOverlay().size());
		assertEquals("object-70000", image.getOverlay().get(4).getName());
		InstanceRois.addToRoiManager(image, rois.subList(0, 1));
		assertEquals(6, image.getOverlay().size(), "added to the existing overlay");
	}

	/** The label image drawn in text: digits are labels, '.' background; {@code from} becomes {@code to}. */
	private static Img<IntType> labels(final String[] rows, final int from, final int to) {
		final Img<IntType> labels = ArrayImgs.ints(rows[0].length(), rows.length);
		final RandomAccess<IntType> access = labels.randomAccess();
		for (int y = 0; y < rows.length; y++)
			for (int x = 0; x < rows[y].length(); x++) {
				final char c = rows[y].charAt(x);
				final int label = c == '.' ? 0 : Character.digit(c, 10);
				access.setPositionAndGet(x, y).set(label == from ? to : label);
			}
		return labels;
	}

	private static Set<String> pixelsOf(final Img<? extends net.imglib2.type.numeric.IntegerType<?>> labels,
		final long label)
	{
		final Set<String> pixels = new TreeSet<>();
		final RandomAccess<? extends net.imglib2.type.numeric.IntegerType<?>> access = labels.randomAccess();
		for (int y = 0; y < labels.dimension(1); y++)
			for (int x = 0; x < labels.dimension(0); x++)
				if (access.setPositionAndGet(x, y).getIntegerLong() == label) pixels.add(x + "," + y);
		return pixels;
	}

	private static Set<String> containedPixels(final Roi roi) {
		final List<String> pixels = new ArrayList<>();
		for (final Point p : roi.getContainedPoints())
			pixels.add(p.x + "," + p.y);
		return new TreeSet<>(pixels);
	}
}
