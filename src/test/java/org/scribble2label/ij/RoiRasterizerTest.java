package org.scribble2label.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scribble2label.ij.PixelGrids.assertRaster;
import static org.scribble2label.ij.PixelGrids.grid;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import ij.gui.Line;
import ij.gui.OvalRoi;
import ij.gui.PointRoi;
import ij.gui.PolygonRoi;
import ij.gui.Roi;
import ij.gui.ShapeRoi;

import org.junit.jupiter.api.Test;

/**
 * ROI rasterisation, pixel by pixel against hand-computed pictures. Line and point coordinates are
 * pixel centres (coordinate c is pixel round(c)); area outlines run along pixel corners.
 */
class RoiRasterizerTest {

	@Test
	void thinHorizontalLineCoversItsEndPixels() {
		assertRaster(grid(
			"............",
			"............",
			"..#######...",
			"............"), new Line(2, 2, 8, 2));
	}

	@Test
	void thinVerticalLine() {
		assertRaster(grid(
			"......",
			"...#..",
			"...#..",
			"...#..",
			"...#..",
			"...#..",
			"......"), new Line(3, 1, 3, 5));
	}

	@Test
	void thinDiagonalLineIsOnePixelPerColumn() {
		// From (1, 1) to (8, 3): y = 1 + 2s/7 rounded, s = 0..7 (no ties).
		assertRaster(grid(
			"..........",
			".##.......",
			"...####...",
			".......##.",
			".........."), new Line(1, 1, 8, 3));
	}

	@Test
	void steepThinDiagonalIsEightConnectedWithBothEnds() {
		final Line line = new Line(2, 1, 5, 11);
		final List<int[]> path = pixelList(line, 12, 14);
		final Set<String> pixels = new HashSet<>();
		for (final int[] p : path)
			pixels.add(p[0] + "," + p[1]);
		assertTrue(pixels.contains("2,1") && pixels.contains("5,11"), pixels.toString());
		assertEquals(11, pixels.size(), "one pixel per row: " + pixels);
		assertEightConnectedPath(path);
	}

	@Test
	void subPixelLineCoordinatesArePixelCentres() {
		// Corner coordinates (floor) would give row 1, columns 2..7; pixel centres round to row 2, 2..8.
		assertRaster(grid(
			"...........",
			"...........",
			"..#######..",
			"..........."), new Line(2.4, 1.6, 7.6, 1.6));
	}

	@Test
	void straightLineOfWidth3IsThreeRowsAndCoversItsEnds() {
		final Line line = new Line(2, 2, 8, 2);
		line.setStrokeWidth(3);
		assertRaster(grid(
			"............",
			"..#######...",
			"..#######...",
			"..#######...",
			"............"), line);
	}

	@Test
	void straightLineOfWidth5IsFiveRows() {
		final Line line = new Line(2, 3, 8, 3);
		line.setStrokeWidth(5);
		assertRaster(grid(
			"............",
			"..#######...",
			"..#######...",
			"..#######...",
			"..#######...",
			"..#######...",
			"............"), line);
	}

	@Test
	void evenWidthIncludesTheHalfCoveredEdgeRows() {
		final Line line = new Line(2, 2, 8, 2);
		line.setStrokeWidth(2);
		assertRaster(grid(
			"............",
			"..#######...",
			"..#######...",
			"..#######...",
			"............"), line);
	}

	@Test
	void wideVerticalLineIsCentredOnItsColumn() {
		final Line line = new Line(4, 1, 4, 4);
		line.setStrokeWidth(3);
		assertRaster(grid(
			"........",
			"...###..",
			"...###..",
			"...###..",
			"...###..",
			"........"), line);
	}

	@Test
	void thinSegmentedLineRunsThroughItsVertices() {
		final PolygonRoi polyline = new PolygonRoi(new float[] { 1, 5, 2 }, new float[] { 1, 1, 4 }, Roi.POLYLINE);
		assertRaster(grid(
			".......",
			".#####.",
			"....#..",
			"...#...",
			"..#....",
			"......."), polyline);
	}

	@Test
	void wideSegmentedLineHasARoundJoin() {
		final PolygonRoi polyline = new PolygonRoi(new float[] { 1, 5, 5 }, new float[] { 1, 1, 5 }, Roi.POLYLINE);
		polyline.setStrokeWidth(3);
		assertRaster(grid(
			".######.",
			".######.",
			".######.",
			"....###.",
			"....###.",
			"....###.",
			"........"), polyline);
	}

	@Test
	void splineFittedLineFollowsItsCurveThroughTheVertices() {
		final PolygonRoi straight = new PolygonRoi(new float[] { 2, 10, 18 }, new float[] { 2, 12, 2 }, Roi.POLYLINE);
		final PolygonRoi spline = new PolygonRoi(new float[] { 2, 10, 18 }, new float[] { 2, 12, 2 }, Roi.POLYLINE);
		spline.fitSpline();
		final List<int[]> path = pixelList(spline, 22, 16);
		assertEightConnectedPath(path);
		final Set<String> pixels = new HashSet<>();
		for (final int[] p : path)
			pixels.add(p[0] + "," + p[1]);
		assertTrue(pixels.containsAll(List.of("2,2", "10,12", "18,2")), pixels.toString());
		assertNotEquals(PixelGrids.raster(straight, 22, 16), PixelGrids.raster(spline, 22, 16));
	}

	@Test
	void thinFreehandLineJoinsItsVertices() {
		final PolygonRoi freehand = new PolygonRoi(new int[] { 1, 2, 3, 6 }, new int[] { 1, 1, 2, 5 }, 4, Roi.FREELINE);
		assertRaster(grid(
			"........",
			".##.....",
			"...#....",
			"....#...",
			".....#..",
			"......#.",
			"........"), freehand);
	}

	@Test
	void wideFreehandLineIsABandAroundIt() {
		final PolygonRoi freehand = new PolygonRoi(new int[] { 1, 2, 3, 4 }, new int[] { 2, 2, 2, 2 }, 4, Roi.FREELINE);
		freehand.setStrokeWidth(3);
		assertRaster(grid(
			"......",
			".####.",
			".####.",
			".####.",
			"......"), freehand);
	}

	@Test
	void rectangle() {
		assertRaster(grid(
			"......",
			".###..",
			".###..",
			"......"), new Roi(1, 1, 3, 2));
	}

	@Test
	void ovalCoversThePixelsWhoseCentreIsInside() {
		// Centre (3.5, 3.5), radius 2.5, in corner coordinates: pixel (x, y) if (x+0.5-3.5)^2 + (y+0.5-3.5)^2 <= 6.25.
		assertRaster(grid(
			".......",
			"..###..",
			".#####.",
			".#####.",
			".#####.",
			"..###..",
			"......."), new OvalRoi(1, 1, 5, 5));
	}

	@Test
	void polygonCoversThePixelsWhoseCentreIsInside() {
		// Triangle (1,1), (7,1), (1,5): centre inside where 2x + 3y <= 14 (x, y >= 1), never on the edge.
		assertRaster(grid(
			"........",
			".#####..",
			".####...",
			".##.....",
			".#......",
			"........"), new PolygonRoi(new int[] { 1, 7, 1 }, new int[] { 1, 1, 5 }, 3, Roi.POLYGON));
	}

	@Test
	void compositeWithAHoleLeavesTheHoleOut() {
		final ShapeRoi ring = new ShapeRoi(new Roi(1, 1, 6, 5)).not(new ShapeRoi(new Roi(3, 2, 2, 2)));
		assertEquals(Roi.COMPOSITE, ring.getType());
		assertRaster(grid(
			"........",
			".######.",
			".##..##.",
			".##..##.",
			".######.",
			".######.",
			"........"), ring);
	}

	@Test
	void pointsAreTheirNearestPixels() {
		final PointRoi points = new PointRoi(new float[] { 1.4f, 3.5f, 0f }, new float[] { 2.6f, 0.2f, 0f }, 3);
		assertRaster(grid(
			"#...#.",
			"......",
			"......",
			".#....",
			"......"), points);
	}

	@Test
	void pixelsOutsideTheImageAreClipped() {
		final Line line = new Line(-3, 1, 3, 1);
		line.setStrokeWidth(3);
		assertRaster(grid(
			"####..",
			"####..",
			"####..",
			"......"), line);
		assertRaster(grid(
			"...###",
			"...###",
			"......"), new Roi(3, -2, 9, 4));
	}

	private static List<int[]> pixelList(final Roi roi, final int width, final int height) {
		final List<int[]> pixels = new ArrayList<>();
		RoiRasterizer.forEachPixel(roi, width, height, (x, y) -> pixels.add(new int[] { x, y }));
		return pixels;
	}

	/** Consecutive pixels of a thin path are 8-neighbours (or the same pixel): no gaps. */
	private static void assertEightConnectedPath(final List<int[]> path) {
		for (int i = 1; i < path.size(); i++) {
			final int[] a = path.get(i - 1), b = path.get(i);
			assertTrue(Math.abs(a[0] - b[0]) <= 1 && Math.abs(a[1] - b[1]) <= 1, "gap between (" + a[0] + ", " + a[1] +
				") and (" + b[0] + ", " + b[1] + ")");
		}
	}
}
