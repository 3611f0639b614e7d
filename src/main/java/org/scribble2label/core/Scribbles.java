package org.scribble2label.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import org.scribble2label.core.image.ColourChannels;

/**
 * The scribbles of one image or stack, in the engine's coding: an integer label image of the
 * image's size, (X, Y) or (X, Y, Z), where 0 = unlabelled, 1 = background and 2, 3, … = object
 * classes; and the class names, background first ({@code classNames().get(v - 1)} names value v).
 * Readers of ROIs, Labkit files and label images produce this; they also collect warnings (e.g.
 * clipped or conflicting pixels) for the user.
 */
public final class Scribbles {

	/** The name of the background class, value {@value TrainingImage#BACKGROUND}. */
	public static final String BACKGROUND = "background";

	private final Img<UnsignedShortType> labels;
	private final List<String> classNames;
	private final List<String> warnings;

	public Scribbles(final Img<UnsignedShortType> labels, final List<String> classNames, final List<String> warnings) {
		if (labels.numDimensions() < 2 || labels.numDimensions() > 3)
			throw new IllegalArgumentException("Scribbles are 2D (X, Y) or a stack (X, Y, Z).");
		if (classNames.isEmpty()) throw new IllegalArgumentException("At least the background class is needed.");
		this.labels = labels;
		this.classNames = Collections.unmodifiableList(new ArrayList<>(classNames));
		this.warnings = Collections.unmodifiableList(new ArrayList<>(warnings));
	}

	/**
	 * Scribbles from a pair of binary masks: non-zero pixels of {@code foreground} are the object
	 * class (value 2), of {@code background} the background (value 1). Pixels in both are left
	 * unlabelled, with a warning.
	 */
	public static Scribbles fromMasks(final RandomAccessibleInterval<? extends RealType<?>> foreground,
		final RandomAccessibleInterval<? extends RealType<?>> background)
	{
		if (!Intervals.equalDimensions(foreground, background))
			throw new IllegalArgumentException("The foreground and background scribble masks differ in size: " +
				describe(foreground) + " and " + describe(background) + ".");
		final Img<UnsignedShortType> labels = ArrayImgs.unsignedShorts(Intervals.dimensionsAsLongArray(foreground));
		final Cursor<? extends RealType<?>> f = Views.flatIterable(foreground).cursor();
		final Cursor<? extends RealType<?>> b = Views.flatIterable(background).cursor();
		final Cursor<UnsignedShortType> out = Views.flatIterable(labels).cursor();
		long conflicts = 0;
		while (out.hasNext()) {
			final boolean isForeground = f.next().getRealDouble() != 0, isBackground = b.next().getRealDouble() != 0;
			final UnsignedShortType t = out.next();
			if (isForeground && isBackground) conflicts++;
			else if (isForeground) t.set(2);
			else if (isBackground) t.set(1);
		}
		final List<String> warnings = new ArrayList<>();
		if (conflicts > 0) warnings.add(conflicts + " pixel(s) lie in both the foreground and the background mask; " +
			"they are left unlabelled.");
		return new Scribbles(labels, List.of(BACKGROUND, "foreground"), warnings);
	}

	/**
	 * Scribbles from an integer label image already in the engine's coding (0 unlabelled,
	 * 1 background, 2.. classes), e.g. exported from Labkit or drawn with another tool.
	 *
	 * @param classNames names of the classes, background first; null for "background",
	 *          "foreground" (or "class 1", "class 2", … for more classes)
	 */
	public static Scribbles fromLabelImage(final RandomAccessibleInterval<? extends RealType<?>> labelImage,
		final List<String> classNames)
	{
		final Img<UnsignedShortType> labels = ArrayImgs.unsignedShorts(Intervals.dimensionsAsLongArray(labelImage));
		final Cursor<? extends RealType<?>> in = Views.flatIterable(labelImage).cursor();
		final Cursor<UnsignedShortType> out = Views.flatIterable(labels).cursor();
		int max = 0;
		while (in.hasNext()) {
			final double v = in.next().getRealDouble();
			if (v < 0 || v > 65535 || v != Math.rint(v))
				throw new IllegalArgumentException("Label image value " + v + " is not a class: use whole numbers, 0 for " +
					"unlabelled, 1 for background, 2, 3, … for object classes.");
			out.next().set((int) v);
			max = Math.max(max, (int) v);
		}
		if (classNames == null) {
			final long[] counts = new long[max + 1];
			int present = 0;
			for (final UnsignedShortType t : labels)
				if (counts[t.get()]++ == 0 && t.get() != 0) present++;
			// One class alone gets its own message when training.
			if (present >= 2) requireEveryClassScribbled(counts, max);
		}
		final List<String> names = classNames != null ? classNames : defaultClassNames(Math.max(2, max));
		if (max > names.size())
			throw new IllegalArgumentException("The label image has value " + max + " but only " + names.size() +
				" class names " + names + " were given (value v is class v - 1).");
		return new Scribbles(labels, names, List.of());
	}

	/**
	 * Each scribble value is a class, so values 1 and 255 (objects painted white) would make 255
	 * classes, 253 of them never scribbled: a network that learns nothing of them and writes 255
	 * probability channels. Such images are refused rather than renumbered, because renumbering
	 * silently changes which value means which class in the results.
	 *
	 * @param counts scribbled pixels per value, {@code counts[v]} for v = 0 .. at least {@code max}
	 * @param max the largest value scribbled
	 */
	public static void requireEveryClassScribbled(final long[] counts, final int max) {
		final List<String> missing = new ArrayList<>();
		for (int v = 1; v <= max; v++) {
			if (counts[v] != 0) continue;
			int last = v;
			while (last + 1 <= max && counts[last + 1] == 0)
				last++;
			missing.add(last == v ? String.valueOf(v) : v + ".." + last);
			v = last;
		}
		if (missing.isEmpty()) return;
		final StringBuilder used = new StringBuilder();
		for (int v = 1; v <= max; v++)
			if (counts[v] != 0) used.append(used.length() == 0 ? "" : ", ").append(v);
		throw new IllegalArgumentException("The scribbles use the values " + used + " but none " + String.join(", ", missing) +
			": every value is a class, so this would train " + max + " classes, some never scribbled. Number the classes " +
			"without gaps: 1 for background, 2, 3, … for object classes (e.g. if objects are painted 255, set them to 2 " +
			"with Process > Math > Macro... or Image > Lookup Tables; 0 stays unlabelled).");
	}

	/** "background", "foreground" for two classes; "background", "class 1", … for more. */
	public static List<String> defaultClassNames(final int classes) {
		final List<String> names = new ArrayList<>();
		names.add(BACKGROUND);
		if (classes == 2) names.add("foreground");
		else for (int c = 1; c < classes; c++)
			names.add("class " + c);
		return names;
	}

	/** Whether a name means the background: "background" or "bg", any case. */
	public static boolean isBackgroundName(final String name) {
		final String n = name.trim().toLowerCase(Locale.ROOT);
		return n.equals(BACKGROUND) || n.equals("bg");
	}

	/** The label image: (X, Y) or (X, Y, Z). */
	public Img<UnsignedShortType> labels() {
		return labels;
	}

	public List<String> classNames() {
		return classNames;
	}

	/** Remarks for the user (clipped, conflicting or ignored scribbles); empty when all is well. */
	public List<String> warnings() {
		return warnings;
	}

	/** Scribbled pixels per value: {@code counts()[v]} for v = 0 .. number of classes. */
	public long[] counts() {
		final long[] counts = new long[classNames.size() + 1];
		for (final UnsignedShortType t : labels) {
			final int v = t.get();
			if (v < counts.length) counts[v]++;
		}
		return counts;
	}

	/**
	 * Training images for an image with these scribbles: the image itself when 2D, else one per
	 * slice that has at least one scribble.
	 *
	 * @param image (X, Y) or (X, Y, C) for 2D scribbles, (X, Y, Z) or (X, Y, C, Z) for a stack
	 * @param channels channels of the image (1 when it has no channel axis)
	 */
	public List<TrainingImage> trainingImages(final String name, final RandomAccessibleInterval<? extends RealType<?>> image,
		final int channels)
	{
		return trainingImages(name, image, channels, null);
	}

	/**
	 * As {@link #trainingImages(String, RandomAccessibleInterval, int)}, for an image whose three
	 * channels are red, green and blue when {@code colour} is not null.
	 */
	public List<TrainingImage> trainingImages(final String name, final RandomAccessibleInterval<? extends RealType<?>> image,
		final int channels, final ColourChannels colour)
	{
		Objects.requireNonNull(name);
		if (image.dimension(0) != labels.dimension(0) || image.dimension(1) != labels.dimension(1))
			throw new IllegalArgumentException("The scribbles (" + describe(labels) + ") do not match the size of '" + name +
				"' (" + describe(image) + "). Draw them on this image, or choose the matching scribbles.");
		final List<TrainingImage> images = new ArrayList<>();
		final int imageSlices = (int) (image.numDimensions() == (channels > 1 ? 4 : 3) ? image.dimension(image.numDimensions() - 1) : 1);
		final int scribbleSlices = labels.numDimensions() == 3 ? (int) labels.dimension(2) : 1;
		if (imageSlices != scribbleSlices)
			throw new IllegalArgumentException("'" + name + "' has " + imageSlices + " slice(s) but the scribbles have " +
				scribbleSlices + ".");
		if (scribbleSlices == 1) {
			images.add(new TrainingImage(name, image, labels.numDimensions() == 3 ? Views.hyperSlice(labels, 2, 0) : labels, colour));
			return images;
		}
		final int zAxis = image.numDimensions() - 1;
		for (final int slice : scribbledSlices()) {
			final int z = slice - 1;
			images.add(new TrainingImage(name + " (slice " + slice + ")", Views.hyperSlice(image, zAxis, image.min(zAxis) + z),
				Views.hyperSlice(labels, 2, z), colour));
		}
		return images;
	}

	/**
	 * The slices (from 1) that {@link #trainingImages} makes training images of, in the same
	 * order: those with scribbles; {1} for a single plane. Lets a caller find a training image's
	 * slice without parsing its name.
	 */
	public int[] scribbledSlices() {
		if (labels.numDimensions() != 3 || labels.dimension(2) == 1) return new int[] { 1 };
		final java.util.List<Integer> slices = new ArrayList<>();
		for (int z = 0; z < labels.dimension(2); z++) {
			for (final UnsignedShortType t : Views.iterable(Views.hyperSlice(labels, 2, z)))
				if (t.get() != 0) {
					slices.add(z + 1);
					break;
				}
		}
		return slices.stream().mapToInt(Integer::intValue).toArray();
	}

	static String describe(final RandomAccessibleInterval<?> rai) {
		final StringBuilder s = new StringBuilder();
		for (int d = 0; d < rai.numDimensions(); d++)
			s.append(d == 0 ? "" : " x ").append(rai.dimension(d));
		return s.toString();
	}
}
