package org.scribble2label.ij;

import java.awt.HeadlessException;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import ij.ImagePlus;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.gui.TextRoi;
import ij.plugin.frame.RoiManager;
import ij.process.FloatPolygon;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.util.Fraction;

import org.scribble2label.core.Scribbles;

/**
 * Reads scribbles drawn with ImageJ 1.x ROI tools (lines of any width, freehand, areas, points),
 * from the ROI Manager or the image's overlay, into the engine's {@link Scribbles}.
 * <p>
 * <b>Class of a ROI</b>, the first rule that applies:
 * <ol>
 * <li>its group ({@link Roi#getGroup()} &gt; 0): the group's name if it has one; else group 1 is the
 * background and group g &ge; 2 the class "group g";</li>
 * <li>its property {@value #CLASS_PROPERTY};</li>
 * <li>its name: "background" or "bg" is the background, "cell", "fg" or "foreground" the class
 * {@value #FOREGROUND}, each also followed by anything that starts with a non-letter ("bg-2",
 * "cell 3"); "class:NAME" is the class NAME;</li>
 * <li>otherwise it is an error that names the ROI.</li>
 * </ol>
 * A class named "background" or "bg" (any case) is the background. Classes are matched ignoring
 * case.
 * <p>
 * <b>Values</b>: background 1; the other classes 2, 3, … ordered by the smallest group that carries
 * them, then (classes from properties or names) by their first ROI.
 * <p>
 * <b>Pixels</b>: see {@link RoiRasterizer} for the exact geometry. Pixels outside the image are
 * clipped. Pixels scribbled with different classes are left unlabelled (conflicting scribbles are
 * never trained on), with a warning; overlaps of one class are fine.
 * <p>
 * <b>Stacks</b>: a ROI's slice is its Z position ({@link Roi#getZPosition()} for hyperstack
 * positions, else the Z of its stack position {@link Roi#getPosition()}); a ROI without one lands
 * on the current slice, with a warning. Points of a multi-point ROI may each have their own slice.
 * Channel positions are ignored: scribbles apply to all channels. Images with several time frames
 * are refused (train one time point at a time). The labels are (X, Y) for a single slice, (X, Y, Z)
 * for a Z-stack.
 */
public final class RoiScribbles {

	/** The ROI property that names a ROI's class (when it has no group). */
	public static final String CLASS_PROPERTY = "class";

	/** The class of ROIs named "cell", "fg" or "foreground". */
	public static final String FOREGROUND = "foreground";

	/** How many ROIs a message lists by name before it only counts. */
	private static final int LISTED = 5;

	private RoiScribbles() {}

	/**
	 * Scribbles from all ROIs of the ROI Manager (the hidden one in batch-mode macros).
	 *
	 * @throws IllegalArgumentException when there are no ROIs, or they do not make scribbles
	 */
	public static Scribbles fromRoiManager(final ImagePlus image) {
		RoiManager manager;
		try {
			manager = RoiManager.getInstance();
		}
		catch (final HeadlessException e) {
			manager = null; // a batch-mode macro without a display has no ROI Manager
		}
		if (manager == null || manager.getCount() == 0)
			throw new IllegalArgumentException((manager == null ? "No ROI Manager is open. " : "The ROI Manager is empty. ") +
				howToScribble(image));
		return fromRois(image, manager.getRoisAsArray());
	}

	/**
	 * Scribbles from the ROIs of the image's overlay; text and image overlays are skipped.
	 *
	 * @throws IllegalArgumentException when there are no ROIs, or they do not make scribbles
	 */
	public static Scribbles fromOverlay(final ImagePlus image) {
		final Overlay overlay = image.getOverlay();
		if (overlay == null || overlay.size() == 0)
			throw new IllegalArgumentException("'" + image.getTitle() + "' has no overlay. " + howToScribble(image));
		return fromRois(image, overlay.toArray());
	}

	/**
	 * Scribbles from the given ROIs, drawn on {@code image}; null entries and text or image overlays
	 * are skipped. In messages ROIs are numbered from 1 in the given order.
	 *
	 * @throws IllegalArgumentException when there are no ROIs, a ROI has no class or lies outside
	 *           the image, background or object scribbles are missing, or the image has time frames
	 */
	public static Scribbles fromRois(final ImagePlus image, final Roi... rois) {
		Objects.requireNonNull(image, "image");
		if (image.getNFrames() > 1)
			throw new IllegalArgumentException("'" + image.getTitle() + "' has " + image.getNFrames() + " time frames. " +
				"Train on one time point at a time: take out one frame (Image > Duplicate…, or Image > Hyperstacks > " +
				"Reduce Dimensionality…) and draw the scribbles on it.");
		final List<Scribble> scribbles = new ArrayList<>();
		final List<String> skipped = new ArrayList<>(), unclassified = new ArrayList<>(), results = new ArrayList<>();
		for (int i = 0; i < rois.length; i++) {
			final Roi roi = rois[i];
			if (roi == null) continue;
			if (roi instanceof TextRoi || roi instanceof ImageRoi) {
				skipped.add(describe(i + 1, roi));
				continue;
			}
			final String className = classOf(roi);
			// Results of Apply and Where to Scribble Next are not scribbles, unless the user gave one a class.
			if (className == null && roi.getProperty(InstanceRois.OUTPUT_PROPERTY) != null) results.add(describe(i + 1, roi));
			else if (className == null) unclassified.add(describe(i + 1, roi));
			else scribbles.add(new Scribble(i + 1, roi, className));
		}
		if (scribbles.isEmpty() && unclassified.isEmpty())
			throw new IllegalArgumentException("There are no scribbles to train on. " + howToScribble(image));
		if (!unclassified.isEmpty()) throw new IllegalArgumentException(unclassifiedMessage(unclassified));
		final List<String> classNames = assignValues(scribbles);

		final List<String> warnings = new ArrayList<>();
		if (!skipped.isEmpty())
			warnings.add(skipped.size() + " text or image overlay(s) are not scribbles and were skipped: " + list(skipped) + ".");
		if (!results.isEmpty())
			warnings.add(results.size() + " ROI(s) made by Apply or Where to Scribble Next are results, not scribbles, and were " +
				"skipped: " + list(results) + ". To use one as a scribble, give it a class (group, name or class property).");
		final Labeller labeller = new Labeller(image);
		for (final Scribble scribble : scribbles)
			labeller.label(scribble);
		if (!labeller.unpositioned.isEmpty()) warnings.add(labeller.unpositioned.size() + " scribble(s) on the stack '" +
			image.getTitle() + "' have no slice position and were put on the current slice, " + labeller.currentSlice +
			" of " + labeller.slices + ": " + list(labeller.unpositioned) + ". To put a scribble on another slice, set its " +
			"position in the ROI Manager (Properties…) or add it while that slice is shown.");
		final long conflicts = labeller.clearConflicts();
		if (conflicts > 0) warnings.add(conflicts + " pixel(s) were scribbled with different classes and are left " +
			"unlabelled: conflicting scribbles are never trained on. Check where scribbles of different classes overlap.");
		return new Scribbles(labeller.labels(), classNames, warnings);
	}

	/**
	 * The class a ROI's group, {@value #CLASS_PROPERTY} property or name gives it (see the class
	 * Javadoc): {@link Scribbles#BACKGROUND} for the background; null when it has none.
	 */
	public static String classOf(final Roi roi) {
		final int group = roi.getGroup();
		if (group > 0) {
			final String groupName = Roi.getGroupName(group);
			if (groupName != null && !groupName.isBlank()) return explicitClass(groupName);
			return group == 1 ? Scribbles.BACKGROUND : "group " + group;
		}
		final String property = roi.getProperty(CLASS_PROPERTY);
		if (property != null && !property.isBlank()) return explicitClass(property);
		return classFromName(roi.getName());
	}

	/** A class named by the user: kept as written, except that background names mean the background. */
	private static String explicitClass(final String name) {
		return Scribbles.isBackgroundName(name) ? Scribbles.BACKGROUND : name.trim();
	}

	private static String classFromName(final String name) {
		if (name == null) return null;
		final String trimmed = name.trim();
		final String lower = trimmed.toLowerCase(Locale.ROOT);
		if (lower.startsWith("class:")) {
			final String className = trimmed.substring("class:".length()).trim();
			return className.isEmpty() ? null : explicitClass(className);
		}
		for (final String word : new String[] { "background", "bg" })
			if (startsWithWord(lower, word)) return Scribbles.BACKGROUND;
		for (final String word : new String[] { "foreground", "fg", "cell" })
			if (startsWithWord(lower, word)) return FOREGROUND;
		return null;
	}

	/** Whether {@code text} is {@code word}, or {@code word} followed by a non-letter. */
	private static boolean startsWithWord(final String text, final String word) {
		return text.startsWith(word) && (text.length() == word.length() || !Character.isLetter(text.charAt(word
			.length())));
	}

	/** Gives each scribble its value; returns the class names, background first. */
	private static List<String> assignValues(final List<Scribble> scribbles) {
		final Map<String, ObjectClass> objectClasses = new LinkedHashMap<>();
		boolean hasBackground = false;
		for (final Scribble scribble : scribbles) {
			if (scribble.className.equals(Scribbles.BACKGROUND)) {
				hasBackground = true;
				continue;
			}
			final int group = scribble.roi.getGroup() > 0 ? scribble.roi.getGroup() : Integer.MAX_VALUE;
			objectClasses.computeIfAbsent(key(scribble.className), k -> new ObjectClass(scribble.className, scribble.number))
				.smallestGroup(group);
		}
		if (!hasBackground) throw new IllegalArgumentException("There are no background scribbles, only " +
			objectClasses.size() + " object class(es) (" + String.join(", ", namesOf(objectClasses)) + "). Draw some " +
			"scribbles on the background, between the cells, and put them in group 1 or name them 'background'.");
		if (objectClasses.isEmpty()) throw new IllegalArgumentException("All " + scribbles.size() + " scribble(s) are " +
			"background. Draw some inside cells too, and put them in group 2 or name them 'cell'.");
		final List<ObjectClass> ordered = new ArrayList<>(objectClasses.values());
		ordered.sort(Comparator.comparingInt((final ObjectClass c) -> c.smallestGroup).thenComparingInt(c -> c.firstNumber));
		if (ordered.size() + 1 > 0xFFFF) throw new IllegalArgumentException("There are " + ordered.size() +
			" object classes; at most " + (0xFFFF - 1) + " are possible.");
		final List<String> classNames = new ArrayList<>();
		classNames.add(Scribbles.BACKGROUND);
		for (final ObjectClass objectClass : ordered) {
			classNames.add(objectClass.name);
			objectClass.value = classNames.size();
		}
		for (final Scribble scribble : scribbles)
			scribble.value = scribble.className.equals(Scribbles.BACKGROUND) ? 1 : objectClasses.get(key(
				scribble.className)).value;
		return classNames;
	}

	private static List<String> namesOf(final Map<String, ObjectClass> classes) {
		final List<String> names = new ArrayList<>();
		for (final ObjectClass c : classes.values())
			names.add(c.name);
		return names;
	}

	private static String key(final String className) {
		return className.toLowerCase(Locale.ROOT);
	}

	private static String unclassifiedMessage(final List<String> unclassified) {
		return (unclassified.size() == 1 ? unclassified.get(0) + " has no class. " : unclassified.size() +
			" ROIs have no class: " + list(unclassified) + ". ") + "Give each scribble a class: put it in a group " +
			"(group 1 = background, group 2 = cells), choosing the group before drawing in Edit > Options > " +
			"Roi Defaults… or afterwards in the ROI Manager's Properties…; or name it 'background' or 'cell' " +
			"('class:NAME' for other classes).";
	}

	private static String howToScribble(final ImagePlus image) {
		return "Draw scribbles on '" + image.getTitle() + "' with the line, freehand or area tools, some on the " +
			"background and some inside cells, and add each to the ROI Manager (key T) or to the overlay (key B).";
	}

	static String describe(final int number, final Roi roi) {
		final String name = roi.getName();
		return "ROI " + number + " (" + (name == null ? "unnamed" : "'" + name + "'") + ", " + roi.getTypeAsString() + ")";
	}

	private static String list(final List<String> items) {
		final List<String> shown = items.subList(0, Math.min(LISTED, items.size()));
		return String.join(", ", shown) + (items.size() > LISTED ? " and " + (items.size() - LISTED) + " more" : "");
	}

	/** A ROI to label, its number in the list (from 1), class and value. */
	private static final class Scribble {

		final int number;
		final Roi roi;
		final String className;
		int value;

		Scribble(final int number, final Roi roi, final String className) {
			this.number = number;
			this.roi = roi;
			this.className = className;
		}
	}

	/** An object class, where it first appears, and the smallest group that carries it. */
	private static final class ObjectClass {

		final String name;
		final int firstNumber;
		int smallestGroup = Integer.MAX_VALUE;
		int value;

		ObjectClass(final String name, final int firstNumber) {
			this.name = name;
			this.firstNumber = firstNumber;
		}

		void smallestGroup(final int group) {
			smallestGroup = Math.min(smallestGroup, group);
		}
	}

	/** Writes scribbles into one label plane per slice, marking pixels claimed by different classes. */
	private static final class Labeller {

		final ImagePlus image;
		final int width, height, slices, currentSlice;
		final short[][] planes;
		final BitSet[] conflicts;
		final List<String> unpositioned = new ArrayList<>();

		Labeller(final ImagePlus image) {
			this.image = image;
			width = image.getWidth();
			height = image.getHeight();
			slices = image.getNSlices();
			currentSlice = slices > 1 ? image.convertIndexToPosition(image.getCurrentSlice())[1] : 1;
			planes = new short[slices][width * height];
			conflicts = new BitSet[slices];
		}

		void label(final Scribble scribble) {
			final long[] pixels = { 0 };
			if (slices > 1 && scribble.roi instanceof PointRoi && hasPointPositions((PointRoi) scribble.roi)) {
				final PointRoi points = (PointRoi) scribble.roi;
				final FloatPolygon coordinates = points.getFloatPolygon();
				int roiSlice = 0;
				for (int i = 0; i < coordinates.npoints; i++) {
					final int x = RoiRasterizer.pixelOf(coordinates.xpoints[i]), y = RoiRasterizer.pixelOf(coordinates.ypoints[i]);
					final int position = points.getPointPosition(i);
					if (position == 0 && roiSlice == 0) roiSlice = sliceOf(scribble);
					final int slice = position != 0 ? sliceOfStackIndex(scribble, position) : roiSlice;
					if (x >= 0 && y >= 0 && x < width && y < height) {
						claim(slice, x, y, scribble.value);
						pixels[0]++;
					}
				}
			}
			else {
				final int slice = sliceOf(scribble);
				RoiRasterizer.forEachPixel(scribble.roi, width, height, (x, y) -> {
					claim(slice, x, y, scribble.value);
					pixels[0]++;
				});
			}
			if (pixels[0] == 0) throw new IllegalArgumentException(outsideMessage(scribble));
		}

		private String outsideMessage(final Scribble scribble) {
			final String roi = describe(scribble.number, scribble.roi);
			final String size = " (" + width + " x " + height + " pixels)";
			if (!scribble.roi.getBounds().intersects(new Rectangle(0, 0, width, height)))
				return roi + " lies entirely outside '" + image.getTitle() + "'" + size + ". Move it onto the image or delete it.";
			return roi + " covers no pixel of '" + image.getTitle() + "'" + size + ": it is smaller than a pixel or lies " +
				"outside. Draw it larger or delete it.";
		}

		private static boolean hasPointPositions(final PointRoi points) {
			for (int i = 0; i < points.size(); i++)
				if (points.getPointPosition(i) != 0) return true;
			return false;
		}

		/** The slice (from 1) of a scribble; the current slice, noted, when it has none. */
		private int sliceOf(final Scribble scribble) {
			if (slices == 1) return 1;
			final Roi roi = scribble.roi;
			final int z = roi.hasHyperStackPosition() ? roi.getZPosition() : roi.getPosition() > 0 ? sliceOfStackIndex(
				scribble, roi.getPosition()) : 0;
			if (z == 0) {
				unpositioned.add(describe(scribble.number, roi));
				return currentSlice;
			}
			if (z > slices) throw new IllegalArgumentException(describe(scribble.number, roi) + " is on slice " + z +
				", but '" + image.getTitle() + "' has " + slices + " slices. Draw the scribbles on this image.");
			return z;
		}

		/** The Z (from 1) of a stack index; the channel is ignored. */
		private int sliceOfStackIndex(final Scribble scribble, final int stackIndex) {
			if (stackIndex > image.getStackSize()) throw new IllegalArgumentException(describe(scribble.number,
				scribble.roi) + " is on image " + stackIndex + " of a stack, but '" + image.getTitle() + "' has " + image
					.getStackSize() + ". Draw the scribbles on this image.");
			return image.convertIndexToPosition(stackIndex)[1];
		}

		private void claim(final int slice, final int x, final int y, final int value) {
			final short[] plane = planes[slice - 1];
			final int index = y * width + x;
			final int current = plane[index] & 0xFFFF;
			if (current == 0) plane[index] = (short) value;
			else if (current != value) {
				if (conflicts[slice - 1] == null) conflicts[slice - 1] = new BitSet(plane.length);
				conflicts[slice - 1].set(index);
			}
		}

		/** Unlabels the conflicting pixels; returns how many there were. */
		long clearConflicts() {
			long count = 0;
			for (int z = 0; z < slices; z++) {
				if (conflicts[z] == null) continue;
				for (int i = conflicts[z].nextSetBit(0); i >= 0; i = conflicts[z].nextSetBit(i + 1)) {
					planes[z][i] = 0;
					count++;
				}
			}
			return count;
		}

		Img<UnsignedShortType> labels() {
			if (slices == 1) return ArrayImgs.unsignedShorts(planes[0], width, height);
			final List<ShortArray> arrays = new ArrayList<>();
			for (final short[] plane : planes)
				arrays.add(new ShortArray(plane));
			final PlanarImg<UnsignedShortType, ShortArray> img = new PlanarImg<>(arrays, new long[] { width, height, slices },
				new Fraction());
			img.setLinkedType(new UnsignedShortType(img));
			return img;
		}
	}
}
