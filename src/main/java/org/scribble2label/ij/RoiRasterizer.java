package org.scribble2label.ij;

import java.awt.Rectangle;

import ij.gui.Line;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.process.FloatPolygon;
import ij.process.ImageProcessor;

/**
 * The pixels an ImageJ 1.x ROI covers, pixel-exact and independent of the display, for turning
 * scribbles into labels.
 * <p>
 * <b>Coordinates</b> (ImageJ 1.x, checked against 1.54g). Pixel (x, y) is the unit square with
 * corners (x, y) and (x + 1, y + 1).
 * <ul>
 * <li><i>Area ROIs</i> (rectangle, oval, polygon, freehand, traced, composite) have their outline
 * in these corner coordinates; a pixel belongs to the area when its centre (x + 0.5, y + 0.5) is
 * inside. That is ImageJ's own {@link Roi#getMask()}, used here as is; the stroke width of an
 * area is ignored (areas are filled).</li>
 * <li><i>Line and point ROIs</i> have their coordinates on pixel <i>centres</i>: ImageJ displays
 * them shifted by half a pixel ({@code Roi.useLineSubpixelConvention}) and snaps mouse clicks the
 * same way, so a line drawn from pixel A to pixel B has the integer end points A and B. The pixel
 * of a line or point coordinate c is therefore round(c) = floor(c + 0.5).</li>
 * </ul>
 * <b>Lines</b> are rasterised here, not with {@link Roi#getContainedPoints()}: in ImageJ 1.54g that
 * turns a straight line into a rotated rectangle in corner coordinates ({@code Roi.convertLineToArea}),
 * half a pixel off, so a thin line from (2, 2) to (8, 2) loses its end pixel (8, 2), a thin
 * diagonal becomes a two-pixel staircase that misses its end point, and wide straight lines lose
 * their last column.
 * <ul>
 * <li><i>Thin lines</i> (stroke width &le; 1; straight, segmented, spline-fitted, freehand, angle):
 * each vertex becomes its pixel and consecutive vertex pixels are joined by max(|dx|, |dy|) steps,
 * each rounded to the nearest pixel (ties to the larger coordinate, the same in both directions),
 * like ImageJ's {@code ImageProcessor.lineTo}: an 8-connected path without gaps through every
 * vertex, both ends included. Spline-fitted lines follow their fitted curve.</li>
 * <li><i>Wide lines</i> cover what ImageJ displays, edges included: every pixel whose centre lies
 * within width / 2 of a segment, measured perpendicular to it, between its end points (flat ends;
 * straight lines are extended by half a pixel at both ends, as ImageJ draws and measures them),
 * plus a disc of radius width / 2 around each inner vertex (round joins, where ImageJ draws bevel
 * joins: the same for the gentle turns of freehand lines), plus the thin path. A line of odd width w
 * is thus a band of w pixels, one of even width w a band of w + 1 (the two edge rows are half
 * covered).</li>
 * </ul>
 * <b>Points</b>: each point's pixel (round(x), round(y)), as {@link PointRoi#getContainedPoints()}.
 */
public final class RoiRasterizer {

	/** Tolerance for "on the edge of a wide line" (the edge is included). */
	private static final double EDGE_TOLERANCE = 1e-9;

	/** Receives pixel coordinates. */
	@FunctionalInterface
	public interface PixelConsumer {

		void accept(int x, int y);
	}

	private RoiRasterizer() {}

	/**
	 * Passes each pixel of {@code roi} inside the image [0, width) x [0, height) to {@code consumer};
	 * pixels outside are clipped. A pixel may be passed more than once.
	 */
	public static void forEachPixel(final Roi roi, final int width, final int height, final PixelConsumer consumer) {
		final PixelConsumer clipped = (x, y) -> {
			if (x >= 0 && y >= 0 && x < width && y < height) consumer.accept(x, y);
		};
		if (roi.getType() == Roi.POINT) {
			final FloatPolygon points = roi.getFloatPolygon();
			for (int i = 0; i < points.npoints; i++)
				clipped.accept(pixelOf(points.xpoints[i]), pixelOf(points.ypoints[i]));
		}
		else if (roi.isLine()) {
			final FloatPolygon vertices = lineVertices(roi);
			thinPath(vertices, clipped);
			if (roi.getStrokeWidth() > 1) wideBand(vertices, roi.getStrokeWidth() / 2.0, roi.getType() == Roi.LINE ? 0.5 : 0,
				width, height, consumer);
		}
		else area(roi, width, height, consumer);
	}

	/** The pixel of a line or point coordinate: the pixel whose centre is nearest, round(c). */
	public static int pixelOf(final double coordinate) {
		return (int) Math.floor(coordinate + 0.5);
	}

	/** The vertices of a line ROI in pixel-centre coordinates (a spline-fitted line's curve). */
	private static FloatPolygon lineVertices(final Roi roi) {
		// A wide straight line's getFloatPolygon() is its outline; its end points are what we need.
		if (roi instanceof Line) return ((Line) roi).getFloatPoints();
		return roi.getFloatPolygon();
	}

	private static void thinPath(final FloatPolygon vertices, final PixelConsumer consumer) {
		if (vertices.npoints == 0) return;
		int fromX = pixelOf(vertices.xpoints[0]), fromY = pixelOf(vertices.ypoints[0]);
		consumer.accept(fromX, fromY);
		for (int i = 1; i < vertices.npoints; i++) {
			final int toX = pixelOf(vertices.xpoints[i]), toY = pixelOf(vertices.ypoints[i]);
			thinSegment(fromX, fromY, toX, toY, consumer);
			fromX = toX;
			fromY = toY;
		}
	}

	/** The pixels after (fromX, fromY) up to and including (toX, toY), one per step. */
	private static void thinSegment(final int fromX, final int fromY, final int toX, final int toY,
		final PixelConsumer consumer)
	{
		final long dx = toX - fromX, dy = toY - fromY;
		final long steps = Math.max(Math.abs(dx), Math.abs(dy));
		for (long step = 1; step <= steps; step++)
			consumer.accept(fromX + roundedFraction(dx, step, steps), fromY + roundedFraction(dy, step, steps));
	}

	/** round(delta * step / steps) in exact integer arithmetic, ties upwards. */
	private static int roundedFraction(final long delta, final long step, final long steps) {
		return (int) Math.floorDiv(2 * delta * step + steps, 2 * steps);
	}

	/**
	 * Pixels whose centre is within {@code radius} of a segment (perpendicular, between its ends
	 * extended by {@code endExtension}) or of an inner vertex; clipped to the image.
	 */
	private static void wideBand(final FloatPolygon vertices, final double radius, final double endExtension,
		final int width, final int height, final PixelConsumer consumer)
	{
		final int n = vertices.npoints;
		if (n == 1) disc(vertices.xpoints[0], vertices.ypoints[0], radius, width, height, consumer);
		for (int i = 1; i < n; i++)
			segmentBand(vertices.xpoints[i - 1], vertices.ypoints[i - 1], vertices.xpoints[i], vertices.ypoints[i], radius,
				endExtension, width, height, consumer);
		for (int i = 1; i < n - 1; i++)
			disc(vertices.xpoints[i], vertices.ypoints[i], radius, width, height, consumer);
	}

	private static void segmentBand(final double ax, final double ay, final double bx, final double by,
		final double radius, final double endExtension, final int width, final int height, final PixelConsumer consumer)
	{
		final double length = Math.hypot(bx - ax, by - ay);
		if (length == 0) {
			disc(ax, ay, radius, width, height, consumer);
			return;
		}
		final double ux = (bx - ax) / length, uy = (by - ay) / length;
		final double reach = radius + endExtension;
		final int minX = Math.max(0, (int) Math.ceil(Math.min(ax, bx) - reach));
		final int maxX = Math.min(width - 1, (int) Math.floor(Math.max(ax, bx) + reach));
		final int minY = Math.max(0, (int) Math.ceil(Math.min(ay, by) - reach));
		final int maxY = Math.min(height - 1, (int) Math.floor(Math.max(ay, by) + reach));
		for (int y = minY; y <= maxY; y++)
			for (int x = minX; x <= maxX; x++) {
				final double px = x - ax, py = y - ay;
				final double along = px * ux + py * uy;
				final double across = Math.abs(px * uy - py * ux);
				if (along >= -endExtension - EDGE_TOLERANCE && along <= length + endExtension + EDGE_TOLERANCE &&
					across <= radius + EDGE_TOLERANCE) consumer.accept(x, y);
			}
	}

	private static void disc(final double cx, final double cy, final double radius, final int width, final int height,
		final PixelConsumer consumer)
	{
		final int minX = Math.max(0, (int) Math.ceil(cx - radius)), maxX = Math.min(width - 1, (int) Math.floor(cx + radius));
		final int minY = Math.max(0, (int) Math.ceil(cy - radius)), maxY = Math.min(height - 1, (int) Math.floor(cy + radius));
		final double limit = radius + EDGE_TOLERANCE;
		for (int y = minY; y <= maxY; y++)
			for (int x = minX; x <= maxX; x++)
				if (Math.hypot(x - cx, y - cy) <= limit) consumer.accept(x, y);
	}

	/** ImageJ's own mask of an area ROI, clipped to the image. */
	private static void area(final Roi roi, final int width, final int height, final PixelConsumer consumer) {
		final Rectangle bounds = roi.getBounds();
		final ImageProcessor mask = roi.getMask();
		final int minX = Math.max(0, bounds.x), maxX = Math.min(width, bounds.x + bounds.width);
		final int minY = Math.max(0, bounds.y), maxY = Math.min(height, bounds.y + bounds.height);
		for (int y = minY; y < maxY; y++)
			for (int x = minX; x < maxX; x++)
				if (mask == null || mask.getPixel(x - bounds.x, y - bounds.y) != 0) consumer.accept(x, y);
	}
}
