package org.scribble2label.ij;

import java.awt.HeadlessException;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.plugin.filter.ThresholdToSelection;
import ij.plugin.frame.RoiManager;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.view.Views;

/**
 * Turns a predicted instance label image into ImageJ 1.x area ROIs, one per instance, so that
 * objects can be inspected, measured and edited with the usual ImageJ tools.
 * <p>
 * Each outline is traced by ImageJ's {@link ThresholdToSelection} on the instance's mask within its
 * bounding box (so the work is proportional to the objects' sizes, not their number times the image
 * size). The outline runs along pixel edges: the ROI contains exactly the instance's pixels, holes
 * and separate parts included (a composite ROI then).
 */
public final class InstanceRois {

	/** ROI names are this prefix and the instance's label, zero-padded: "object-0001". */
	public static final String NAME_PREFIX = "object-";

	/**
	 * The ROI property that marks a ROI as a result of Scribble2Label (its value says which),
	 * not a scribble: results and scribbles share the ROI Manager, and training skips results
	 * unless the user gave one a class.
	 */
	public static final String OUTPUT_PROPERTY = "scribble2label_output";

	/** {@link #OUTPUT_PROPERTY} of the objects found by a model. */
	public static final String OBJECTS = "objects";

	private InstanceRois() {}

	/** One ROI per instance, without a group. */
	public static List<Roi> toRois(final RandomAccessibleInterval<? extends IntegerType<?>> instances) {
		return toRois(instances, 0);
	}

	/**
	 * One area ROI per instance, in increasing label order, named {@value #NAME_PREFIX} and the
	 * label (padded to 4 digits or to those of the largest label).
	 *
	 * @param instances 2D label image: 0 = background, 1, 2, … = instances (labels need not be
	 *          consecutive); ROI coordinates count from the image's minimum
	 * @param group the ROI group to give every ROI (ImageJ 1.x groups, 1 to 255), or 0 for none
	 */
	public static List<Roi> toRois(final RandomAccessibleInterval<? extends IntegerType<?>> instances, final int group) {
		if (instances.numDimensions() != 2)
			throw new IllegalArgumentException("Instance ROIs need a 2D label image, not one with " + instances
				.numDimensions() + " dimensions: convert one slice at a time.");
		if (group < 0 || group > 255)
			throw new IllegalArgumentException("ROI group " + group + " is not possible: use 1 to 255, or 0 for none.");
		final long width = instances.dimension(0), height = instances.dimension(1);
		if (width * height > Integer.MAX_VALUE)
			throw new IllegalArgumentException("The label image (" + width + " x " + height + ") is too large for ROIs.");
		final Labels labels = Labels.read(instances, (int) width, (int) height);
		final List<Roi> rois = new ArrayList<>();
		final ThresholdToSelection tracer = new ThresholdToSelection();
		tracer.showStatus(false);
		final int digits = Math.max(4, Long.toString(labels.largestLabel()).length());
		for (int index = 1; index < labels.count(); index++) {
			final Rectangle box = labels.box(index);
			if (box == null) continue;
			final Roi roi = tracer.convert(labels.mask(index, box));
			final Rectangle traced = roi.getBounds();
			roi.setLocation(box.x + traced.x, box.y + traced.y);
			roi.setName(NAME_PREFIX + String.format(Locale.ROOT, "%0" + digits + "d", labels.labelOf(index)));
			if (group > 0) roi.setGroup(group);
			roi.setProperty(OUTPUT_PROPERTY, OBJECTS);
			rois.add(roi);
		}
		return rois;
	}

	/**
	 * Adds ROIs to the ROI Manager: the open one (or a batch-mode macro's hidden one), else a new
	 * one, visible when ImageJ's window is open and hidden otherwise (returned, since ImageJ does not
	 * remember hidden managers). Where Java runs headless no ROI Manager can exist (it is a window),
	 * so the ROIs go to the image's overlay instead.
	 *
	 * @return the manager that holds the ROIs; empty when they went to the overlay
	 */
	public static Optional<RoiManager> addToRoiManager(final ImagePlus image, final List<? extends Roi> rois) {
		RoiManager manager;
		try {
			manager = RoiManager.getInstance();
			if (manager == null) manager = IJ.getInstance() != null ? RoiManager.getRoiManager() : new RoiManager(true);
		}
		catch (final HeadlessException e) {
			addToOverlay(image, rois);
			return Optional.empty();
		}
		for (final Roi roi : rois)
			manager.add(image, roi, -1);
		return Optional.of(manager);
	}

	/** Adds ROIs to the image's overlay, creating it when there is none. */
	public static void addToOverlay(final ImagePlus image, final List<? extends Roi> rois) {
		final Overlay overlay = image.getOverlay() != null ? image.getOverlay() : new Overlay();
		for (final Roi roi : rois)
			overlay.add(roi);
		image.setOverlay(overlay);
	}

	/** The label image as dense indices (1 .. count - 1) with each index's label and bounding box. */
	private static final class Labels {

		final int width;
		final int[] indices;
		final long[] labelOfIndex;
		final int[] minX, minY, maxX, maxY;

		private Labels(final int width, final int[] indices, final long[] labelOfIndex) {
			this.width = width;
			this.indices = indices;
			this.labelOfIndex = labelOfIndex;
			final int count = labelOfIndex.length;
			minX = new int[count];
			minY = new int[count];
			maxX = new int[count];
			maxY = new int[count];
			Arrays.fill(minX, Integer.MAX_VALUE);
			Arrays.fill(minY, Integer.MAX_VALUE);
			Arrays.fill(maxX, -1);
			Arrays.fill(maxY, -1);
			for (int i = 0; i < indices.length; i++) {
				final int index = indices[i];
				if (index == 0) continue;
				final int x = i % width, y = i / width;
				if (x < minX[index]) minX[index] = x;
				if (x > maxX[index]) maxX[index] = x;
				if (y < minY[index]) minY[index] = y;
				if (y > maxY[index]) maxY[index] = y;
			}
		}

		/**
		 * Reads the labels. Labels up to the number of pixels are their own index; larger (sparse)
		 * labels are renumbered in increasing order.
		 */
		static Labels read(final RandomAccessibleInterval<? extends IntegerType<?>> instances, final int width,
			final int height)
		{
			final long[] values = new long[width * height];
			long largest = 0;
			final Cursor<? extends IntegerType<?>> cursor = Views.flatIterable(instances).cursor();
			for (int i = 0; i < values.length; i++) {
				final long value = cursor.next().getIntegerLong();
				if (value < 0) throw new IllegalArgumentException("The label image has the negative label " + value +
					": use 0 for background and 1, 2, … for objects.");
				values[i] = value;
				largest = Math.max(largest, value);
			}
			final int[] indices = new int[values.length];
			if (largest <= values.length) {
				final long[] labelOfIndex = new long[(int) largest + 1];
				for (int l = 0; l < labelOfIndex.length; l++)
					labelOfIndex[l] = l;
				for (int i = 0; i < values.length; i++)
					indices[i] = (int) values[i];
				return new Labels(width, indices, labelOfIndex);
			}
			final long[] distinct = Arrays.stream(values).filter(v -> v > 0).sorted().distinct().toArray();
			final long[] labelOfIndex = new long[distinct.length + 1];
			System.arraycopy(distinct, 0, labelOfIndex, 1, distinct.length);
			for (int i = 0; i < values.length; i++)
				indices[i] = values[i] == 0 ? 0 : Arrays.binarySearch(distinct, values[i]) + 1;
			return new Labels(width, indices, labelOfIndex);
		}

		int count() {
			return labelOfIndex.length;
		}

		long labelOf(final int index) {
			return labelOfIndex[index];
		}

		long largestLabel() {
			return labelOfIndex[labelOfIndex.length - 1];
		}

		/** The bounding box of an index's pixels; null when it has none. */
		Rectangle box(final int index) {
			if (maxX[index] < 0) return null;
			return new Rectangle(minX[index], minY[index], maxX[index] - minX[index] + 1, maxY[index] - minY[index] + 1);
		}

		/** The index's pixels within its box as a thresholded 8-bit mask (255 = inside). */
		ImageProcessor mask(final int index, final Rectangle box) {
			final ByteProcessor mask = new ByteProcessor(box.width, box.height);
			final byte[] pixels = (byte[]) mask.getPixels();
			for (int y = 0; y < box.height; y++) {
				final int row = (box.y + y) * width + box.x;
				for (int x = 0; x < box.width; x++)
					if (indices[row + x] == index) pixels[y * box.width + x] = (byte) 255;
			}
			mask.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
			return mask;
		}
	}
}
