package org.scribble2label.ij;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Font;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Line;
import ij.gui.Overlay;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.gui.TextRoi;
import ij.process.ByteProcessor;

import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scribble2label.core.Scribbles;

/** ROIs to scribbles: classes, values, slices, clipping, conflicts and the user-facing errors. */
class RoiScribblesTest {

	private String savedGroupNames;

	@BeforeEach
	void clearGroupNames() {
		savedGroupNames = Roi.getGroupNames();
		Roi.setGroupNames(null);
	}

	@AfterEach
	void restoreGroupNames() {
		Roi.setGroupNames(savedGroupNames);
	}

	@Test
	void groupNameWinsOverPropertyWhichWinsOverName() {
		Roi.setGroupName(2, "nuclei");
		final Roi all = named(new Roi(0, 0, 2, 2), "bg-1");
		all.setProperty(RoiScribbles.CLASS_PROPERTY, "membrane");
		all.setGroup(2);
		assertEquals("nuclei", RoiScribbles.classOf(all));
		final Roi propertyAndName = named(new Roi(0, 0, 2, 2), "bg-1");
		propertyAndName.setProperty(RoiScribbles.CLASS_PROPERTY, "membrane");
		assertEquals("membrane", RoiScribbles.classOf(propertyAndName));
		assertEquals(Scribbles.BACKGROUND, RoiScribbles.classOf(named(new Roi(0, 0, 2, 2), "bg-1")));
	}

	@Test
	void unnamedGroupOneIsBackgroundAndOthersAreNumbered() {
		assertEquals(Scribbles.BACKGROUND, RoiScribbles.classOf(grouped(new Roi(0, 0, 1, 1), 1)));
		assertEquals("group 3", RoiScribbles.classOf(grouped(named(new Roi(0, 0, 1, 1), "cell"), 3)));
		Roi.setGroupName(1, "Cells");
		assertEquals("Cells", RoiScribbles.classOf(grouped(new Roi(0, 0, 1, 1), 1)));
		Roi.setGroupName(4, "BG");
		assertEquals(Scribbles.BACKGROUND, RoiScribbles.classOf(grouped(new Roi(0, 0, 1, 1), 4)));
	}

	@Test
	void nameConventions() {
		for (final String background : new String[] { "background", "Background", "bg", "BG", "bg-2", "background 3",
			"bg_x", "bg2" })
			assertEquals(Scribbles.BACKGROUND, classOfName(background), background);
		for (final String foreground : new String[] { "cell", "Cell-7", "fg", "fg 1", "foreground", "foreground2" })
			assertEquals(RoiScribbles.FOREGROUND, classOfName(foreground), foreground);
		assertEquals("Nuclei", classOfName("class:Nuclei"));
		assertEquals("mito chondria", classOfName("class: mito chondria "));
		assertEquals(Scribbles.BACKGROUND, classOfName("class:bg"));
		for (final String none : new String[] { "cells", "bgx", "backgrounds", "0001-0023", "class:", "my cell" })
			assertNull(classOfName(none), none);
		assertNull(RoiScribbles.classOf(new Roi(0, 0, 1, 1)));
		final Roi blankProperty = named(new Roi(0, 0, 1, 1), "cell");
		blankProperty.setProperty(RoiScribbles.CLASS_PROPERTY, " ");
		assertEquals(RoiScribbles.FOREGROUND, RoiScribbles.classOf(blankProperty));
	}

	@Test
	void roiWithoutClassIsAnErrorThatNamesItAndSaysWhatToDo() {
		final ImagePlus image = image(10, 10, 1);
		final IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> RoiScribbles.fromRois(
			image, named(new Roi(0, 0, 2, 2), "bg"), named(new Roi(3, 3, 2, 2), "0004-0004"), named(new Roi(5, 5, 2, 2),
				"cell")));
		final String message = error.getMessage();
		assertTrue(message.startsWith("ROI 2 ('0004-0004', Rectangle) has no class"), message);
		assertTrue(message.contains("Roi Defaults") && message.contains("Properties") && message.contains("'background'") &&
			message.contains("'cell'"), message);
	}

	/** Results of Apply and Where to Scribble Next share the ROI Manager with the scribbles: skipped, and said so. */
	@Test
	void resultRoisAreSkippedUnlessGivenAClass() {
		final ImagePlus image = image(10, 10, 1);
		final net.imglib2.img.Img<net.imglib2.type.numeric.integer.IntType> objects = net.imglib2.img.array.ArrayImgs.ints(
			new int[] { 0, 1, 1, 0, 0, 0, 2, 2, 0 }, 3, 3);
		final List<Roi> results = InstanceRois.toRois(objects);
		assertEquals(2, results.size());
		final Roi unsure = new Roi(6, 6, 2, 2);
		unsure.setName("unsure-0001");
		unsure.setProperty(InstanceRois.OUTPUT_PROPERTY, "unsure regions");
		final Scribbles scribbles = RoiScribbles.fromRois(image, named(new Roi(0, 5, 2, 2), "bg"), results.get(0),
			named(new Roi(5, 0, 2, 2), "cell"), results.get(1), unsure);
		assertEquals(List.of("background", "foreground"), scribbles.classNames());
		assertEquals(1, scribbles.warnings().size(), scribbles.warnings().toString());
		final String warning = scribbles.warnings().get(0);
		assertTrue(warning.startsWith("3 ROI(s) made by Apply or Where to Scribble Next are results, not scribbles, and were " +
			"skipped: ROI 2 ('object-0001'"), warning);
		assertTrue(warning.contains("give it a class"), warning);
		// A result the user gave a class is a scribble.
		final Roi kept = results.get(0);
		kept.setName("cell");
		assertEquals(0, RoiScribbles.fromRois(image, named(new Roi(0, 5, 2, 2), "bg"), kept).warnings().size());
		// A ROI without class that is not a result is still an error, as before.
		assertThrows(IllegalArgumentException.class, () -> RoiScribbles.fromRois(image, named(new Roi(0, 5, 2, 2), "bg"),
			named(new Roi(5, 0, 2, 2), "cell"), new Roi(1, 1, 1, 1)));
	}

	@Test
	void missingBackgroundOrObjectsIsAnError() {
		final ImagePlus image = image(10, 10, 1);
		final String noBackground = assertThrows(IllegalArgumentException.class, () -> RoiScribbles.fromRois(image, named(
			new Roi(0, 0, 2, 2), "cell"))).getMessage();
		assertTrue(noBackground.contains("no background scribbles") && noBackground.contains("group 1"), noBackground);
		final String noObjects = assertThrows(IllegalArgumentException.class, () -> RoiScribbles.fromRois(image, named(
			new Roi(0, 0, 2, 2), "bg"), grouped(new Roi(4, 4, 2, 2), 1))).getMessage();
		assertTrue(noObjects.contains("background") && noObjects.contains("inside cells"), noObjects);
	}

	@Test
	void noRoisAtAllTellsHowToScribble() {
		final ImagePlus image = image(10, 10, 1);
		for (final IllegalArgumentException error : new IllegalArgumentException[] {
			assertThrows(IllegalArgumentException.class, () -> RoiScribbles.fromRois(image)),
			assertThrows(IllegalArgumentException.class, () -> RoiScribbles.fromOverlay(image)),
			assertThrows(IllegalArgumentException.class, () -> RoiScribbles.fromRoiManager(image)) })
			assertTrue(error.getMessage().contains("ROI Manager (key T)") && error.getMessage().contains("overlay"), error
				.getMessage());
	}

	@Test
	void valuesFollowGroupsThenFirstAppearance() {
		Roi.setGroupName(2, "nuclei");
		final ImagePlus image = image(12, 4, 1);
		final Scribbles scribbles = RoiScribbles.fromRois(image,
			named(new Roi(0, 0, 1, 1), "cell"), // no group: after the grouped classes
			grouped(new Roi(1, 0, 1, 1), 3), // "group 3"
			named(new Roi(2, 0, 1, 1), "class:Debris"), // no group, appears after "cell"
			grouped(new Roi(3, 0, 1, 1), 2), // "nuclei"
			named(new Roi(4, 0, 1, 1), "bg"),
			named(new Roi(5, 0, 1, 1), "CELL-2"));
		assertEquals(List.of("background", "nuclei", "group 3", "foreground", "Debris"), scribbles.classNames());
		assertEquals(List.of(), scribbles.warnings());
		assertArrayEquals(new int[] { 4, 3, 5, 2, 1, 4, 0 }, row(scribbles.labels(), 0, 7, 0, 0));
	}

	@Test
	void twoDimensionalImageGivesXYLabelsOfAllRoiKinds() {
		final ImagePlus image = image(8, 5, 1);
		final Line thin = new Line(0, 0, 7, 0);
		final Roi cell = grouped(new Roi(2, 2, 3, 2), 2);
		final Scribbles scribbles = RoiScribbles.fromRois(image, grouped(thin, 1), cell, grouped(new PointRoi(7, 4), 1));
		assertArrayEquals(new long[] { 8, 5 }, scribbles.labels().dimensionsAsLongArray());
		assertEquals(PixelGrids.grid(
			"11111111",
			"........",
			"..222...",
			"..222...",
			".......1"), picture(scribbles.labels(), 0));
		assertArrayEquals(new long[] { 40 - 15, 9, 6 }, scribbles.counts());
	}

	@Test
	void stackPositionSelectsTheSlice() {
		final ImagePlus stack = image(6, 4, 5);
		final Roi background = named(new Roi(0, 0, 2, 2), "bg");
		background.setPosition(3);
		final Roi cell = named(new Roi(3, 1, 2, 2), "cell");
		cell.setPosition(3);
		final Scribbles scribbles = RoiScribbles.fromRois(stack, background, cell);
		assertArrayEquals(new long[] { 6, 4, 5 }, scribbles.labels().dimensionsAsLongArray());
		for (int z = 0; z < 5; z++)
			assertEquals(z == 2 ? PixelGrids.grid(
				"11....",
				"11.22.",
				"...22.",
				"......") : PixelGrids.grid(
					"......",
					"......",
					"......",
					"......"), picture(scribbles.labels(), z), "slice " + (z + 1));
		assertEquals(List.of(), scribbles.warnings());
	}

	@Test
	void roiWithoutPositionOnAStackGoesToTheCurrentSliceWithAWarning() {
		final ImagePlus stack = image(6, 4, 5);
		stack.setSlice(2);
		final Roi background = named(new Roi(0, 0, 2, 2), "bg");
		final Roi cell = named(new Roi(3, 1, 2, 2), "cell");
		cell.setPosition(4);
		final Scribbles scribbles = RoiScribbles.fromRois(stack, background, cell);
		assertEquals(4, scribbles.counts()[1]);
		assertEquals(1, valueAt(scribbles.labels(), 0, 0, 1));
		assertEquals(2, valueAt(scribbles.labels(), 3, 1, 3));
		assertEquals(1, scribbles.warnings().size());
		final String warning = scribbles.warnings().get(0);
		assertTrue(warning.contains("ROI 1 ('bg'") && warning.contains("current slice, 2 of 5") && !warning.contains(
			"ROI 2"), warning);
	}

	@Test
	void hyperstackZPositionsAreUsedAndChannelsIgnored() {
		final ImagePlus hyperstack = image(6, 4, 6);
		hyperstack.setDimensions(2, 3, 1);
		final Roi background = named(new Roi(0, 0, 1, 1), "bg");
		background.setPosition(2, 3, 1); // channel 2, slice 3
		final Roi cell = named(new Roi(1, 0, 1, 1), "cell");
		cell.setPosition(4); // stack index 4 = channel 2, slice 2
		final Scribbles scribbles = RoiScribbles.fromRois(hyperstack, background, cell);
		assertArrayEquals(new long[] { 6, 4, 3 }, scribbles.labels().dimensionsAsLongArray());
		assertEquals(1, valueAt(scribbles.labels(), 0, 0, 2));
		assertEquals(2, valueAt(scribbles.labels(), 1, 0, 1));
		assertArrayEquals(new long[] { 72 - 2, 1, 1 }, scribbles.counts());
	}

	@Test
	void multiPointRoiPointsKeepTheirOwnSlices() {
		final ImagePlus stack = image(6, 4, 5);
		stack.setSlice(2);
		final PointRoi points = new PointRoi(1, 1, stack);
		stack.setSlice(4);
		points.addPoint(stack, 2, 3);
		points.setName("cell");
		final Roi background = named(new Roi(5, 0, 1, 1), "bg");
		background.setPosition(1);
		final Scribbles scribbles = RoiScribbles.fromRois(stack, points, background);
		assertEquals(2, valueAt(scribbles.labels(), 1, 1, 1));
		assertEquals(2, valueAt(scribbles.labels(), 2, 3, 3));
		assertEquals(2, scribbles.counts()[2]);
		assertEquals(List.of(), scribbles.warnings());
	}

	@Test
	void severalTimeFramesAreRefused() {
		final ImagePlus movie = image(6, 4, 4);
		movie.setDimensions(1, 2, 2);
		final String message = assertThrows(IllegalArgumentException.class, () -> RoiScribbles.fromRois(movie, named(
			new Roi(0, 0, 1, 1), "bg"), named(new Roi(1, 1, 1, 1), "cell"))).getMessage();
		assertTrue(message.contains("2 time frames") && message.contains("one time point at a time"), message);
	}

	@Test
	void positionBeyondTheStackIsAnError() {
		final ImagePlus stack = image(6, 4, 3);
		final Roi cell = named(new Roi(1, 1, 1, 1), "cell");
		cell.setPosition(7);
		final String message = assertThrows(IllegalArgumentException.class, () -> RoiScribbles.fromRois(stack, named(
			positioned(new Roi(0, 0, 1, 1), 1), "bg"), cell)).getMessage();
		assertTrue(message.startsWith("ROI 2 ('cell'"), message);
	}

	@Test
	void roiEntirelyOutsideTheImageIsAnErrorThatNamesIt() {
		final ImagePlus image = image(10, 8, 1);
		final String message = assertThrows(IllegalArgumentException.class, () -> RoiScribbles.fromRois(image, named(
			new Roi(0, 0, 2, 2), "bg"), named(new Line(20, 20, 30, 25), "cell-1"))).getMessage();
		assertTrue(message.startsWith("ROI 2 ('cell-1', Straight Line) lies entirely outside") && message.contains(
			"10 x 8"), message);
	}

	@Test
	void pixelsOutsideTheImageAreClipped() {
		final ImagePlus image = image(6, 4, 1);
		final Scribbles scribbles = RoiScribbles.fromRois(image, named(new Roi(-3, -3, 5, 5), "bg"), named(new Roi(4, 2,
			10, 10), "cell"));
		assertEquals(PixelGrids.grid(
			"11....",
			"11....",
			"....22",
			"....22"), picture(scribbles.labels(), 0));
	}

	@Test
	void pixelsOfDifferentClassesAreLeftUnlabelledWithAWarning() {
		final ImagePlus image = image(8, 4, 1);
		final Scribbles scribbles = RoiScribbles.fromRois(image, named(new Roi(0, 0, 4, 3), "bg"), named(new Roi(2, 1, 4,
			3), "cell"), named(new Roi(5, 0, 2, 2), "cell-2"));
		assertEquals(PixelGrids.grid(
			"1111.22.",
			"11..222.",
			"11..22..",
			"..2222.."), picture(scribbles.labels(), 0));
		assertEquals(1, scribbles.warnings().size());
		assertTrue(scribbles.warnings().get(0).startsWith("4 pixel(s) were scribbled with different classes"), scribbles
			.warnings().get(0));
	}

	@Test
	void overlayRoisAreReadAndTextIsSkipped() {
		final ImagePlus image = image(6, 4, 1);
		final Overlay overlay = new Overlay();
		overlay.add(named(new Roi(0, 0, 2, 1), "bg"));
		overlay.add(new TextRoi(0, 2, "note", new Font("SansSerif", Font.PLAIN, 9)));
		overlay.add(named(new Roi(4, 3, 2, 1), "cell"));
		image.setOverlay(overlay);
		final Scribbles scribbles = RoiScribbles.fromOverlay(image);
		assertEquals(PixelGrids.grid(
			"11....",
			"......",
			"......",
			"....22"), picture(scribbles.labels(), 0));
		assertEquals(1, scribbles.warnings().size());
		assertTrue(scribbles.warnings().get(0).contains("ROI 2") && scribbles.warnings().get(0).contains("skipped"), scribbles
			.warnings().get(0));
	}

	private static String classOfName(final String name) {
		return RoiScribbles.classOf(named(new Roi(0, 0, 1, 1), name));
	}

	private static Roi named(final Roi roi, final String name) {
		roi.setName(name);
		return roi;
	}

	private static Roi grouped(final Roi roi, final int group) {
		roi.setGroup(group);
		return roi;
	}

	private static Roi positioned(final Roi roi, final int position) {
		roi.setPosition(position);
		return roi;
	}

	private static ImagePlus image(final int width, final int height, final int slices) {
		final ImageStack stack = new ImageStack(width, height);
		for (int i = 0; i < slices; i++)
			stack.addSlice(new ByteProcessor(width, height));
		return new ImagePlus("cells", stack);
	}

	/** A label slice as text: the value as a digit, '.' for unlabelled. */
	private static String picture(final Img<UnsignedShortType> labels, final int z) {
		final StringBuilder text = new StringBuilder();
		for (int y = 0; y < labels.dimension(1); y++) {
			for (int x = 0; x < labels.dimension(0); x++) {
				final int value = valueAt(labels, x, y, z);
				text.append(value == 0 ? '.' : Character.forDigit(value, 10));
			}
			text.append('\n');
		}
		return text.toString();
	}

	private static int[] row(final Img<UnsignedShortType> labels, final int fromX, final int toX, final int y, final int z) {
		final int[] values = new int[toX - fromX];
		for (int x = fromX; x < toX; x++)
			values[x - fromX] = valueAt(labels, x, y, z);
		return values;
	}

	private static int valueAt(final Img<UnsignedShortType> labels, final int x, final int y, final int z) {
		final RandomAccess<UnsignedShortType> access = labels.randomAccess();
		access.setPosition(x, 0);
		access.setPosition(y, 1);
		if (labels.numDimensions() == 3) access.setPosition(z, 2);
		return access.get().get();
	}
}
