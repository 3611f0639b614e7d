package org.scribble2label.io.labkit;

import java.util.Objects;

import ij.measure.Calibration;

/**
 * Pixel size of an image, written to a labeling's {@code pixelSizes} (Labkit uses it to measure
 * connected components in calibrated units).
 */
public final class PixelCalibration {

	/** Size 1 "pixel" on every axis: what to write when the image is not calibrated. */
	public static final PixelCalibration UNCALIBRATED = new PixelCalibration(1, 1, 1, "pixel");

	private final double width;
	private final double height;
	private final double depth;
	private final String unit;

	/**
	 * @param width pixel width (X), positive
	 * @param height pixel height (Y), positive
	 * @param depth voxel depth (Z), positive; only used for stacks
	 * @param unit e.g. "µm" or "pixel"
	 */
	public PixelCalibration(final double width, final double height, final double depth, final String unit) {
		for (final double size : new double[] { width, height, depth })
			if (!(size > 0) || Double.isInfinite(size))
				throw new IllegalArgumentException("Pixel sizes must be positive numbers, got " + width + ", " + height +
					", " + depth + ". Fix the calibration (Image > Properties ...).");
		this.width = width;
		this.height = height;
		this.depth = depth;
		this.unit = Objects.requireNonNull(unit, "unit");
	}

	/** The calibration of an ImageJ image; {@link #UNCALIBRATED} for null or unusable sizes. */
	public static PixelCalibration of(final Calibration calibration) {
		if (calibration == null) return UNCALIBRATED;
		final double[] sizes = { calibration.pixelWidth, calibration.pixelHeight, calibration.pixelDepth };
		for (final double size : sizes)
			if (!(size > 0) || Double.isInfinite(size)) return UNCALIBRATED;
		final String unit = calibration.getUnit();
		return new PixelCalibration(sizes[0], sizes[1], sizes[2], unit == null || unit.isEmpty() ? "pixel" : unit);
	}

	public double width() {
		return width;
	}

	public double height() {
		return height;
	}

	public double depth() {
		return depth;
	}

	public String unit() {
		return unit;
	}

	/** Size along axis 0 (X), 1 (Y) or 2 (Z). */
	double size(final int axis) {
		return axis == 0 ? width : axis == 1 ? height : depth;
	}
}
