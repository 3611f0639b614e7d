package org.scribble2label.io.labkit;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import net.imglib2.Cursor;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;

import org.scribble2label.core.AtomicFiles;
import org.scribble2label.core.Scribbles;

/**
 * Labkit's {@code .labeling} file (JSON: {@code interval}, {@code pixelSizes}, {@code labels},
 * {@code colors}) to and from {@link Scribbles}.
 * <p>
 * Reading rules:
 * <ul>
 * <li>Labels become classes as in {@link LabelClasses}: the background label is value 1 (the
 * first label when none is named so, with a warning), the others follow in file order; labels
 * without pixels are kept.</li>
 * <li>2D (X, Y) and 3D (X, Y, Z) labelings are read; a 4D one with a single time point is read
 * as 3D. Time series are refused (train one time point at a time). A 2D time series saved as
 * X, Y, T cannot be told from a stack and reads as one; the size check against the image
 * catches it.</li>
 * <li>Coordinates outside the interval are skipped (Labkit itself would wrap them onto other
 * pixels) and counted in a warning.</li>
 * <li>A pixel that several labels claim is left unlabelled, with a warning: contradicting
 * scribbles are never trained on.</li>
 * <li>Any bad content ends in a {@link LabelingFormatException}; sizes are checked before
 * anything is allocated.</li>
 * </ul>
 * Files are written in Labkit's key order, with ASCII-only JSON so that Labkit reads names and
 * units correctly whatever its platform encoding.
 */
public final class LabelingFile {

	/** The extension Labkit looks for next to an image. */
	public static final String EXTENSION = ".labeling";

	/** Most labels a file may have: values 1..65534, 65535 marks conflicts while reading. */
	static final int MAX_LABELS = 65534;

	private static final int CONFLICT = 65535;
	private static final String KIND = "Labkit labeling";
	private static final String ADVICE = "The file is damaged or was not saved by Labkit: open the image in Labkit, " +
		"save the labeling again (Labeling > Save Labeling ...) and choose that file.";

	private LabelingFile() {}

	/** {@code <image file>.labeling}: the file Labkit opens automatically with the image. */
	public static Path defaultLabelingPath(final Path imageFile) {
		return Paths.get(imageFile.toString() + EXTENSION);
	}

	/** Reads a labeling without checking it against an image. */
	public static Scribbles read(final Path file) throws IOException {
		return read(file, null);
	}

	/**
	 * Reads a labeling drawn on an image of the given size.
	 *
	 * @param imageDimensions the image's X, Y (and Z) sizes, without channels; null to skip the
	 *          check
	 * @throws LabelingFormatException for bad content, or a size that differs from the image's
	 * @throws IOException when the disk cannot be read
	 */
	public static Scribbles read(final Path file, final long[] imageDimensions) throws IOException {
		final Reading reading = new Reading(new JsonSource(file, KIND, ADVICE), imageDimensions);
		final JsonSource source = reading.source;
		source.parse(in -> {
			reading.readDocument(in, false);
			return null;
		});
		if (reading.labelsBeforeInterval) source.parse(in -> {
			reading.readDocument(in, true);
			return null;
		});
		return reading.toScribbles();
	}

	/**
	 * Saves scribbles as a Labkit labeling: classes in order (background first), empty classes
	 * as empty labels, Labkit's default colours.
	 *
	 * @param calibration pixel sizes to record; null for 1 "pixel"
	 * @param overwrite whether an existing file may be replaced
	 */
	public static void write(final Scribbles scribbles, final Path file, final PixelCalibration calibration,
		final boolean overwrite) throws IOException
	{
		final List<String> names = scribbles.classNames();
		LabelClasses.requireUniqueNames(names);
		final long[] dimensions = scribbles.labels().dimensionsAsLongArray();
		final long[][] pixelsOfClass = pixelsOfClass(scribbles);
		final PixelCalibration sizes = calibration == null ? PixelCalibration.UNCALIBRATED : calibration;
		final List<String> colors = LabkitColors.colors(names.size());
		AtomicFiles.write(file, overwrite, "the labeling", temporary -> {
			try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.US_ASCII)) {
				out.write("{\"interval\":{\"min\":[");
				for (int d = 0; d < dimensions.length; d++)
					out.write((d == 0 ? "" : ",") + "0");
				out.write("],\"max\":[");
				for (int d = 0; d < dimensions.length; d++)
					out.write((d == 0 ? "" : ",") + (dimensions[d] - 1));
				out.write("],\"n\":" + dimensions.length + "},\n\"pixelSizes\":[");
				for (int d = 0; d < dimensions.length; d++)
					out.write((d == 0 ? "" : ",") + "{\"size\":" + sizes.size(d) + ",\"unit\":" + JsonSource.quote(sizes.unit()) +
						"}");
				out.write("],\n\"labels\":{");
				for (int c = 0; c < names.size(); c++) {
					out.write((c == 0 ? "\n" : ",\n") + JsonSource.quote(names.get(c)) + ":[");
					writeCoordinates(out, pixelsOfClass[c], dimensions);
					out.write("]");
				}
				out.write("},\n\"colors\":{");
				for (int c = 0; c < names.size(); c++)
					out.write((c == 0 ? "" : ",") + JsonSource.quote(names.get(c)) + ":\"" + colors.get(c) + "\"");
				out.write("}}\n");
			}
		});
	}

	/** Flat indices (X fastest) of the pixels of each class, in one sweep after counting. */
	private static long[][] pixelsOfClass(final Scribbles scribbles) {
		final long[] counts = scribbles.counts();
		final long total = Arrays.stream(counts).sum();
		if (total != Views.iterable(scribbles.labels()).size())
			throw new IllegalArgumentException("The scribbles hold values above " + scribbles.classNames().size() +
				", the number of classes " + scribbles.classNames() + "; give every value a class name before saving.");
		final long[][] pixels = new long[scribbles.classNames().size()][];
		for (int c = 0; c < pixels.length; c++)
			pixels[c] = new long[Math.toIntExact(counts[c + 1])];
		final int[] filled = new int[pixels.length];
		final Cursor<UnsignedShortType> cursor = Views.flatIterable(scribbles.labels()).cursor();
		long index = 0;
		while (cursor.hasNext()) {
			final int value = cursor.next().get();
			if (value > 0) pixels[value - 1][filled[value - 1]++] = index;
			index++;
		}
		return pixels;
	}

	private static void writeCoordinates(final Writer out, final long[] flatIndices, final long[] dimensions)
		throws IOException
	{
		final StringBuilder coordinate = new StringBuilder();
		for (int i = 0; i < flatIndices.length; i++) {
			coordinate.setLength(0);
			coordinate.append(i == 0 ? "[" : ",[");
			long rest = flatIndices[i];
			for (int d = 0; d < dimensions.length; d++) {
				coordinate.append(d == 0 ? "" : ",").append(rest % dimensions[d]);
				rest /= dimensions[d];
			}
			out.append(coordinate).append(']');
		}
	}

	/**
	 * One read of a labeling. Labkit writes the interval first, so labels are placed while
	 * parsing; a file with labels before the interval is validated first and read a second time
	 * to place them, so coordinates are never buffered.
	 */
	private static final class Reading {

		final JsonSource source;
		final long[] imageDimensions;
		/** As in the file (n entries). */
		long[] fileDimensions;
		/** Of the label image: the file's, without a single time point. */
		long[] dimensions;
		final List<String> labelNames = new ArrayList<>();
		boolean labelsBeforeInterval;
		boolean hasLabels;
		int coordinateLength = -1;
		String coordinateExample;
		ArrayImg<UnsignedShortType, ShortArray> image;
		short[] pixels;
		long clipped;
		long conflicts;
		String conflictExample;

		Reading(final JsonSource source, final long[] imageDimensions) {
			this.source = source;
			this.imageDimensions = imageDimensions == null ? null : imageDimensions.clone();
		}

		/** @param placeOnly second pass: the header is known, only labels are placed */
		void readDocument(final JsonReader in, final boolean placeOnly) throws IOException {
			if (in.peek() != JsonToken.BEGIN_OBJECT)
				throw source.damaged("it is not a Labkit labeling: it holds " + JsonSource.describe(in.peek()) +
					" instead of an object with \"interval\" and \"labels\"");
			in.beginObject();
			final Set<String> keys = new HashSet<>();
			while (in.hasNext()) {
				final String key = in.nextName();
				if (!keys.add(key)) throw source.damaged("the key \"" + JsonSource.shorten(key) + "\" appears twice");
				if (placeOnly && !key.equals("labels")) in.skipValue();
				else if (key.equals("interval")) readInterval(in);
				else if (key.equals("pixelSizes")) readPixelSizes(in);
				else if (key.equals("labels")) readLabels(in, placeOnly);
				else if (key.equals("colors")) readColors(in);
				else in.skipValue();
			}
			in.endObject();
			if (in.peek() != JsonToken.END_DOCUMENT) throw source.damaged("there is more after the labeling's last '}'");
			if (placeOnly) return;
			if (fileDimensions == null) throw source.damaged("it has no \"interval\" (the labeling's size)");
			if (!hasLabels) throw source.damaged("it has no \"labels\"");
			if (labelNames.isEmpty())
				throw source.fail("it has no labels", "Open the image in Labkit, draw background and object scribbles " +
					"and save the labeling.");
			if (coordinateLength >= 0 && coordinateLength != fileDimensions.length) throw wrongLength(coordinateExample,
				coordinateLength);
		}

		void readInterval(final JsonReader in) throws IOException {
			source.expect(in, JsonToken.BEGIN_OBJECT, "\"interval\"");
			in.beginObject();
			long[] min = null, max = null;
			Long givenN = null;
			final Set<String> keys = new HashSet<>();
			while (in.hasNext()) {
				final String key = in.nextName();
				if (!keys.add(key)) throw source.damaged("the interval has \"" + JsonSource.shorten(key) + "\" twice");
				if (key.equals("min")) min = readLongs(in, "the interval's \"min\"");
				else if (key.equals("max")) max = readLongs(in, "the interval's \"max\"");
				else if (key.equals("n")) givenN = source.wholeNumber(in, "the interval's \"n\"");
				else in.skipValue();
			}
			in.endObject();
			if (max == null) throw source.damaged("the interval has no \"max\"");
			final long n = givenN != null ? givenN : max.length;
			if (n != max.length)
				throw source.damaged("the interval's \"n\" is " + n + " but its \"max\" has " + max.length + " entries");
			if (min != null && min.length != n)
				throw source.damaged("the interval's \"n\" is " + n + " but its \"min\" has " + min.length + " entries");
			if (n < 2 || n > 4)
				throw source.fail("it has " + n + " dimension(s)", "Only 2D (X, Y) and 3D (X, Y, Z) labelings can be used: " +
					"draw the scribbles on a 2D image or a stack.");
			for (int d = 0; d < n; d++) {
				if (min != null && min[d] != 0)
					throw source.damaged("its interval starts at " + Arrays.toString(min) + " instead of 0 (Labkit always " +
						"starts at 0)");
				if (max[d] < 0) throw source.damaged("its interval is empty (\"max\" " + Arrays.toString(max) + ")");
				if (max[d] >= LabelingSize.MAX_PIXELS)
					throw source.damaged("its size (\"max\" " + Arrays.toString(max) + ") is larger than supported");
			}
			final long[] sizes = new long[(int) n];
			for (int d = 0; d < n; d++)
				sizes[d] = max[d] + 1;
			if (n == 4 && sizes[3] > 1)
				throw source.fail("it is a time series (" + LabelingSize.describe(sizes) + ", " + sizes[3] +
					" time points)", "Time series are not supported: train on one time point at a time (Image > " +
						"Duplicate ... with one frame, then scribble on it in Labkit).");
			fileDimensions = sizes;
			dimensions = n == 4 ? Arrays.copyOf(sizes, 3) : sizes;
			LabelingSize.checkMatchesImage(dimensions, imageDimensions, source);
			LabelingSize.checkAllocatable(dimensions, source);
		}

		long[] readLongs(final JsonReader in, final String what) throws IOException {
			source.expect(in, JsonToken.BEGIN_ARRAY, what);
			in.beginArray();
			final long[] values = new long[16];
			int count = 0;
			while (in.hasNext()) {
				if (count == values.length) throw source.damaged(what + " has more than " + values.length + " entries (at " + in.getPath() + ")");
				values[count++] = source.wholeNumber(in, what);
			}
			in.endArray();
			return Arrays.copyOf(values, count);
		}

		void readPixelSizes(final JsonReader in) throws IOException {
			source.expect(in, JsonToken.BEGIN_ARRAY, "\"pixelSizes\"");
			in.beginArray();
			while (in.hasNext()) {
				source.expect(in, JsonToken.BEGIN_OBJECT, "a pixel size");
				in.beginObject();
				while (in.hasNext()) {
					final String key = in.nextName();
					if (key.equals("size")) {
						source.expect(in, JsonToken.NUMBER, "a pixel size's \"size\"");
						in.skipValue();
					}
					else if (key.equals("unit") && in.peek() != JsonToken.NULL) {
						source.expect(in, JsonToken.STRING, "a pixel size's \"unit\"");
						in.skipValue();
					}
					else in.skipValue();
				}
				in.endObject();
			}
			in.endArray();
		}

		void readColors(final JsonReader in) throws IOException {
			source.expect(in, JsonToken.BEGIN_OBJECT, "\"colors\"");
			in.beginObject();
			while (in.hasNext()) {
				final String name = in.nextName();
				source.expect(in, JsonToken.STRING, "the colour of \"" + JsonSource.shorten(name) + "\"");
				in.skipValue();
			}
			in.endObject();
		}

		void readLabels(final JsonReader in, final boolean placeOnly) throws IOException {
			source.expect(in, JsonToken.BEGIN_OBJECT, "\"labels\"");
			hasLabels = true;
			if (fileDimensions == null) labelsBeforeInterval = true;
			else allocate();
			in.beginObject();
			final Set<String> seen = new HashSet<>();
			int index = 0;
			while (in.hasNext()) {
				final String name = in.nextName();
				if (!seen.add(name))
					throw source.fail("the label \"" + JsonSource.shorten(name) + "\" appears twice", "Label names must be " +
						"unique: rename or remove one of them (in a text editor, or in Labkit before saving again).");
				if (placeOnly) {
					if (index >= labelNames.size() || !labelNames.get(index).equals(name))
						throw source.fail("the file changed while it was read", "Read it again once Labkit has saved it.");
				}
				else {
					if (labelNames.size() == MAX_LABELS)
						throw source.damaged("it has more than " + MAX_LABELS + " labels");
					labelNames.add(name);
				}
				index++;
				readCoordinates(in, index, name);
			}
			in.endObject();
		}

		void allocate() {
			if (image != null) return;
			image = ArrayImgs.unsignedShorts(dimensions);
			pixels = image.update(null).getCurrentStorageArray();
		}

		/** @param label 1-based index in file order */
		void readCoordinates(final JsonReader in, final int label, final String name) throws IOException {
			final String what = "the pixels of label \"" + JsonSource.shorten(name) + "\"";
			source.expect(in, JsonToken.BEGIN_ARRAY, what);
			in.beginArray();
			final long[] coordinate = new long[4];
			while (in.hasNext()) {
				source.expect(in, JsonToken.BEGIN_ARRAY, "a coordinate of label \"" + JsonSource.shorten(name) + "\"");
				final String path = in.getPath();
				in.beginArray();
				int length = 0;
				while (in.hasNext()) {
					if (length == coordinate.length)
						throw source.damaged("a coordinate of label \"" + JsonSource.shorten(name) + "\" has more than 4 " +
							"numbers (at " + path + ")");
					coordinate[length++] = source.wholeNumber(in, "a coordinate of label \"" + JsonSource.shorten(name) +
						"\"");
				}
				in.endArray();
				if (fileDimensions != null) {
					if (length != fileDimensions.length) throw wrongLength(example(name, coordinate, length, path), length);
					place(coordinate, label);
				}
				else if (coordinateLength < 0) {
					coordinateLength = length;
					coordinateExample = example(name, coordinate, length, path);
				}
				else if (length != coordinateLength)
					throw source.damaged("its coordinates have different lengths: " + coordinateExample + " and " +
						example(name, coordinate, length, path));
			}
			in.endArray();
		}

		static String example(final String name, final long[] coordinate, final int length, final String path) {
			return Arrays.toString(Arrays.copyOf(coordinate, length)) + " of label \"" + JsonSource.shorten(name) +
				"\" (at " + path + ")";
		}

		LabelingFormatException wrongLength(final String example, final int length) {
			return source.damaged("the coordinate " + example + " has " + length + " number(s) but the labeling has " +
				fileDimensions.length + " dimensions");
		}

		void place(final long[] coordinate, final int label) {
			long index = 0, stride = 1;
			for (int d = 0; d < fileDimensions.length; d++) {
				if (coordinate[d] < 0 || coordinate[d] >= fileDimensions[d]) {
					clipped++;
					return;
				}
				index += coordinate[d] * stride;
				stride *= fileDimensions[d];
			}
			final int i = (int) index;
			final int current = pixels[i] & 0xFFFF;
			if (current == 0) pixels[i] = (short) label;
			else if (current != label && current != CONFLICT) {
				pixels[i] = (short) CONFLICT;
				conflicts++;
				if (conflictExample == null)
					conflictExample = "\"" + labelNames.get(current - 1) + "\" and \"" + labelNames.get(label - 1) + "\" at " +
						Arrays.toString(Arrays.copyOf(coordinate, fileDimensions.length));
			}
		}

		Scribbles toScribbles() {
			allocate();
			final LabelClasses classes = LabelClasses.assign(labelNames);
			final short[] valueOfLabel = new short[CONFLICT + 1];
			for (int label = 1; label <= labelNames.size(); label++)
				valueOfLabel[label] = (short) classes.classOfLabel[label - 1];
			for (int i = 0; i < pixels.length; i++)
				pixels[i] = valueOfLabel[pixels[i] & 0xFFFF];
			final List<String> warnings = new ArrayList<>(classes.warnings);
			if (clipped > 0)
				warnings.add(clipped + " scribbled pixel(s) lie outside the labeling's " + LabelingSize.describe(
					fileDimensions) + " pixels and were skipped.");
			if (conflicts > 0)
				warnings.add(conflicts + " pixel(s) carry more than one label (e.g. " + conflictExample + "): they are " +
					"left unlabelled, because contradicting scribbles are never trained on. Erase the overlap in Labkit " +
					"if these pixels matter.");
			return new Scribbles(image, classes.classNames, warnings);
		}
	}
}
