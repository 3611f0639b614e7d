package org.scribble2label.core.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import net.imglib2.Cursor;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.view.Views;

import org.scribble2label.core.Scribbles;
import org.scribble2label.core.TrainingImage;
import org.scribble2label.core.model.Scribble2LabelModel;

/**
 * The checked training set: the images, a copy of their scribbles in the classes of the model
 * to train (the user's label images are read, never changed), the class names and what the
 * user should know about the scribbles.
 */
final class TrainingSet {

	/** Below this many scribbled pixels a class gets a warning. */
	static final int FEW_SCRIBBLED_PIXELS = 20;

	final List<TrainingImage> images;
	/** Per image and pixel: 0 = unlabelled, c + 1 = class c of the model. */
	final List<short[]> scribbles;
	final int channels;
	/** Background first. */
	final List<String> classNames;
	final long pixels;
	final List<String> warnings = new ArrayList<>();

	private TrainingSet(final List<TrainingImage> images, final List<short[]> scribbles, final int channels,
		final List<String> classNames, final long pixels)
	{
		this.images = images;
		this.scribbles = scribbles;
		this.channels = channels;
		this.classNames = classNames;
		this.pixels = pixels;
	}

	/**
	 * @param names class names of the scribble values (background first), or null for the defaults
	 * @param initial the model a training continues, or null; colour images become what it takes
	 *          ({@link TrainingImage#forModel})
	 * @throws IllegalArgumentException with what to fix
	 */
	static TrainingSet check(final List<TrainingImage> images, final List<String> names, final Scribble2LabelModel initial) {
		return check(images, names, initial, false);
	}

	/**
	 * @param namesFromScribbles whether the trained model takes the scribbles' class names instead
	 *          of the initial model's (a starter model's names are generic)
	 */
	static TrainingSet check(final List<TrainingImage> given, final List<String> names, final Scribble2LabelModel initial,
		final boolean namesFromScribbles)
	{
		if (given.isEmpty()) throw new IllegalArgumentException("No training image: add at least one image with scribbles.");
		// Colour images as the model to start from takes them: their luminance for a one-channel model.
		final List<TrainingImage> images = new ArrayList<>();
		for (final TrainingImage image : given)
			images.add(initial == null ? image : image.forModel(initial.spec().inputChannels()));
		final int channels = images.get(0).channels();
		if (initial != null && initial.spec().inputChannels() != channels)
			throw new IllegalArgumentException("The model to start from was trained on images of " + initial.spec().inputChannels() +
				" channel(s), but '" + images.get(0).name() + "' has " + channels + (images.get(0).colour() != null
					? " (a colour image: red, green and blue)" : "") + ". Train on images like the model's" +
				(initial.spec().inputChannels() == 3 ? " (three channels: colour RGB images, for example)" : "") +
				", or start from another model or from random weights.");
		// The scribbles of a continued training number their classes their own way: match them to the model's by name.
		final int[] map = initial != null && names != null ? classMapping(names, initial.classNames()) : null;
		final List<short[]> scribbles = new ArrayList<>();
		final long[] counts = new long[Short.MAX_VALUE + 1];
		long pixels = 0;
		for (final TrainingImage image : images) {
			if (image.channels() != channels)
				throw new IllegalArgumentException("All training images need the same number of channels: '" +
					image.name() + "' has " + image.channels() + ", the first image " + channels + "." +
					(image.colour() != null || images.get(0).colour() != null ? " A colour (RGB) image has three, red, green and " +
						"blue: make all images colour, or none (Image > Type)." : ""));
			if (image.image().dimension(0) * image.image().dimension(1) > Integer.MAX_VALUE / Math.max(1, channels))
				throw new IllegalArgumentException("Image '" + image.name() + "' is too large for one training array; crop it.");
			scribbles.add(readScribbles(image, map, names, counts));
			pixels += image.image().dimension(0) * image.image().dimension(1);
		}
		int maxLabel = 0, labelsPresent = 0;
		for (int v = 1; v < counts.length; v++)
			if (counts[v] > 0) {
				maxLabel = v;
				labelsPresent++;
			}
		if (maxLabel == 0)
			throw new IllegalArgumentException("No scribbles found: draw a few strokes on the background (value 1) and " +
				"a few on the objects (value 2) before training.");
		// Only values that name no class (no names given) can be sparse by mistake, e.g. 1 and 255.
		if (initial == null && names == null && labelsPresent >= 2) Scribbles.requireEveryClassScribbled(counts, maxLabel);
		final int classes = initial != null ? initial.spec().classes() : names != null ? names.size() : Math.max(2, maxLabel);
		if (maxLabel > classes)
			throw new IllegalArgumentException("Scribble value " + maxLabel + " means class " + (maxLabel - 1) +
				", but there are only " + classes + " classes (values 1.." + classes + ").");
		if (labelsPresent < 2)
			throw new IllegalArgumentException("Scribbles of only one class were found (value " + maxLabel +
				"). Scribble the background (value 1) and at least one kind of object (value 2 or more).");
		final List<String> classNames = initial != null ? namesFromScribbles && map != null
			? adoptedNames(names, map, initial.classNames()) : initial.classNames() : names != null ? names
			: Scribbles.defaultClassNames(classes);
		final TrainingSet set = new TrainingSet(images, scribbles, channels,
			Collections.unmodifiableList(new ArrayList<>(classNames)), pixels);
		for (int v = 1; v <= classes; v++)
			if (counts[v] < FEW_SCRIBBLED_PIXELS)
				set.warnings.add("Class '" + classNames.get(v - 1) + "' has " + (counts[v] == 0 ? "no" : "only " + counts[v]) +
					" scribbled pixel(s): draw a few more strokes of it for a reliable result.");
		return set;
	}

	/** A copy of the scribbles of an image, each value through {@code map} when there is one; counts the classes. */
	private static short[] readScribbles(final TrainingImage image, final int[] map, final List<String> names,
		final long[] counts)
	{
		final long w = image.scribbles().dimension(0), h = image.scribbles().dimension(1);
		final short[] out = new short[(int) (w * h)];
		final Cursor<? extends IntegerType<?>> cursor = Views.flatIterable(image.scribbles()).cursor();
		int i = 0;
		while (cursor.hasNext()) {
			long v = cursor.next().getIntegerLong();
			if (v < 0 || v > Short.MAX_VALUE)
				throw new IllegalArgumentException("Scribble value " + v + " in '" + image.name() +
					"' is not a class: use 0 for unlabelled, 1 for background, 2, 3, … for object classes.");
			if (map != null && v > 0) {
				if (v >= map.length) throw new IllegalArgumentException("Scribble value " + v + " has no class name among " + names + ".");
				v = map[(int) v];
			}
			out[i++] = (short) v;
			counts[(int) v]++;
		}
		return out;
	}

	/**
	 * For continued training: the model's class value (1-based) of every scribble value
	 * ({@code map[v]}), matched by class name (any case; "background"/"bg" alike). Two-class
	 * scribbles onto a two-class model match by position when the object names differ (e.g.
	 * "foreground" and "nucleus").
	 */
	/** The model's classes, each named as the scribbles name the class they were matched to. */
	private static List<String> adoptedNames(final List<String> scribbleNames, final int[] map, final List<String> modelNames) {
		final List<String> adopted = new ArrayList<>(modelNames);
		for (int v = 1; v < map.length; v++)
			adopted.set(map[v] - 1, scribbleNames.get(v - 1));
		return adopted;
	}

	static int[] classMapping(final List<String> scribbleNames, final List<String> modelNames) {
		final int[] map = new int[scribbleNames.size() + 1];
		for (int v = 1; v <= scribbleNames.size(); v++) {
			final String name = scribbleNames.get(v - 1);
			int found = -1;
			for (int m = 0; m < modelNames.size(); m++)
				if (modelNames.get(m).equalsIgnoreCase(name) ||
					Scribbles.isBackgroundName(name) && Scribbles.isBackgroundName(modelNames.get(m))) found = m;
			if (found < 0 && scribbleNames.size() == 2 && modelNames.size() == 2 && v == 2) found = 1;
			if (found < 0)
				throw new IllegalArgumentException("The scribble class '" + name + "' is not one of the model's classes " +
					modelNames + ": name the scribbles after the model's classes, or train a new model.");
			map[v] = found + 1;
		}
		return map;
	}
}
