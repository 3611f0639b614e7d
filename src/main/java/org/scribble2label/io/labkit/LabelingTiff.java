package org.scribble2label.io.labkit;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.ShortProcessor;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;

import org.scribble2label.core.AtomicFiles;
import org.scribble2label.core.Scribbles;
import org.scribble2label.io.ImageFiles;
import org.scribble2label.io.ScribbleFiles;

/**
 * Labkit's TIFF labeling: an integer image whose value i stands for the i-th set of labels,
 * listed in a companion {@code <file>.labels} JSON, {@code {"labelSets":[[],["background"],
 * ["foreground"]]}}. Dense labels are far smaller this way than as {@code .labeling}
 * coordinates.
 * <p>
 * We write value v = class v (8-bit up to 255 classes, else 16-bit), so the TIFF is also a
 * plain label image in the engine's coding. Reading maps each value through its label set;
 * labels become classes as in {@link LabelClasses} (background first, the others in order of
 * first appearance); a value standing for several labels is an overlap and left unlabelled,
 * with a warning. A TIFF without {@code .labels} is read as a plain label image.
 */
public final class LabelingTiff {

	/** Extension of the label-set companion, appended to the TIFF's name. */
	public static final String LABELS_EXTENSION = ".labels";

	private static final String KIND = "Labkit label sets file";
	private static final String ADVICE = "The file is damaged or was not saved by Labkit: save the labeling again in " +
		"Labkit (Labeling > Save Labeling ... as .tif), or as a .labeling file.";
	private static final int UNLABELLED = 0, OVERLAP = -1;

	private LabelingTiff() {}

	/** {@code <tiff>.labels}. */
	public static Path labelSetsPath(final Path tiff) {
		return Paths.get(tiff.toString() + LABELS_EXTENSION);
	}

	/** Reads without checking the size against an image. */
	public static Scribbles read(final Path tiff) throws IOException {
		return read(tiff, null);
	}

	/**
	 * Reads a TIFF labeling, with its {@code .labels} companion when there is one, else as a plain
	 * label image (0 unlabelled, 1 background, 2, 3, … object classes; default class names).
	 *
	 * @param imageDimensions the image's X, Y (and Z) sizes, without channels; null to skip the
	 *          check
	 * @throws org.scribble2label.io.ScribbleFileException for bad content or a size that differs
	 *           from the image's
	 */
	public static Scribbles read(final Path tiff, final long[] imageDimensions) throws IOException {
		final Path labelSetsFile = labelSetsPath(tiff);
		final JsonSource tiffSource = new JsonSource(tiff, "TIFF labeling", ADVICE);
		if (!Files.isRegularFile(labelSetsFile)) {
			final Scribbles plain = ScribbleFiles.readLabelImage(tiff, null);
			LabelingSize.checkMatchesImage(plain.labels().dimensionsAsLongArray(), imageDimensions, tiffSource);
			return plain;
		}
		final JsonSource source = new JsonSource(labelSetsFile, KIND, ADVICE);
		final List<List<String>> labelSets = source.parse(in -> readLabelSets(in, source));
		final Img<? extends RealType<?>> image = ScribbleFiles.readGrayImage(tiff, "TIFF labeling");
		LabelingSize.checkMatchesImage(image.dimensionsAsLongArray(), imageDimensions, tiffSource);
		return fromLabelSets(image, labelSets, source);
	}

	private static List<List<String>> readLabelSets(final JsonReader in, final JsonSource source) throws IOException {
		if (in.peek() != JsonToken.BEGIN_OBJECT)
			throw source.damaged("it holds " + JsonSource.describe(in.peek()) + " instead of an object with \"labelSets\"");
		in.beginObject();
		List<List<String>> labelSets = null;
		while (in.hasNext()) {
			final String key = in.nextName();
			if (!key.equals("labelSets")) {
				in.skipValue();
				continue;
			}
			if (labelSets != null) throw source.damaged("\"labelSets\" appears twice");
			labelSets = new ArrayList<>();
			source.expect(in, JsonToken.BEGIN_ARRAY, "\"labelSets\"");
			in.beginArray();
			while (in.hasNext()) {
				if (labelSets.size() > LabelingFile.MAX_LABELS)
					throw source.damaged("it has more than " + LabelingFile.MAX_LABELS + " label sets");
				source.expect(in, JsonToken.BEGIN_ARRAY, "a label set");
				in.beginArray();
				final Set<String> set = new LinkedHashSet<>();
				while (in.hasNext()) {
					source.expect(in, JsonToken.STRING, "a label name");
					set.add(in.nextString());
				}
				in.endArray();
				labelSets.add(new ArrayList<>(set));
			}
			in.endArray();
		}
		in.endObject();
		if (in.peek() != JsonToken.END_DOCUMENT) throw source.damaged("there is more after its last '}'");
		if (labelSets == null) throw source.damaged("it has no \"labelSets\"");
		if (labelSets.isEmpty() || !labelSets.get(0).isEmpty())
			throw source.damaged("its first label set (pixel value 0) must be empty [] but is " + (labelSets.isEmpty()
				? "missing" : labelSets.get(0)));
		return labelSets;
	}

	private static Scribbles fromLabelSets(final Img<? extends RealType<?>> image, final List<List<String>> labelSets,
		final JsonSource source) throws LabelingFormatException
	{
		final Set<String> names = new LinkedHashSet<>();
		for (final List<String> set : labelSets)
			names.addAll(set);
		if (names.isEmpty())
			throw source.fail("it names no labels", "Save the labeling again in Labkit after drawing background and " +
				"object scribbles.");
		final List<String> labelNames = new ArrayList<>(names);
		if (labelNames.size() > LabelingFile.MAX_LABELS)
			throw source.damaged("it has more than " + LabelingFile.MAX_LABELS + " labels");
		final LabelClasses classes = LabelClasses.assign(labelNames);
		final Map<String, Integer> indexOfName = new HashMap<>();
		for (int i = 0; i < labelNames.size(); i++)
			indexOfName.put(labelNames.get(i), i);
		final int[] classOfValue = new int[labelSets.size()];
		for (int value = 0; value < classOfValue.length; value++) {
			final List<String> set = labelSets.get(value);
			classOfValue[value] = set.isEmpty() ? UNLABELLED : set.size() > 1 ? OVERLAP
				: classes.classOfLabel[indexOfName.get(set.get(0))];
		}
		final ArrayImg<UnsignedShortType, ShortArray> labels = ArrayImgs.unsignedShorts(image.dimensionsAsLongArray());
		final Cursor<? extends RealType<?>> in = Views.flatIterable(image).cursor();
		final Cursor<UnsignedShortType> out = Views.flatIterable(labels).cursor();
		long overlaps = 0;
		String overlapExample = null;
		while (in.hasNext()) {
			final double value = in.next().getRealDouble();
			final UnsignedShortType label = out.next();
			if (value < 0 || value != Math.rint(value) || value >= classOfValue.length)
				throw source.fail("the TIFF holds the pixel value " + value + ", but the file lists only " +
					classOfValue.length + " label sets (values 0 to " + (classOfValue.length - 1) + ")",
					"The TIFF and its .labels file do not belong together: save the labeling again in Labkit.");
			final int labelClass = classOfValue[(int) value];
			if (labelClass == OVERLAP) {
				overlaps++;
				if (overlapExample == null) overlapExample = labelSets.get((int) value).toString();
			}
			else label.set(labelClass);
		}
		final List<String> warnings = new ArrayList<>(classes.warnings);
		if (overlaps > 0)
			warnings.add(overlaps + " pixel(s) carry more than one label (e.g. " + overlapExample + "): they are left " +
				"unlabelled, because contradicting scribbles are never trained on. Erase the overlap in Labkit if these " +
				"pixels matter.");
		return new Scribbles(labels, classes.classNames, warnings);
	}

	/**
	 * Saves scribbles as TIFF (8-bit up to 255 classes, else 16-bit; value v = class v) plus
	 * {@code <file>.labels}, which Labkit opens as a labeling.
	 *
	 * @param calibration pixel sizes for the TIFF; null for none
	 * @param overwrite whether existing files may be replaced
	 */
	public static void write(final Scribbles scribbles, final Path tiff, final PixelCalibration calibration,
		final boolean overwrite) throws IOException
	{
		final List<String> names = scribbles.classNames();
		LabelClasses.requireUniqueNames(names);
		final Path labelSetsFile = labelSetsPath(tiff);
		if (!overwrite) for (final Path file : Arrays.asList(tiff, labelSetsFile))
			if (Files.exists(file))
				throw new IOException("Cannot save the labeling: " + file.toAbsolutePath() + " already exists. Choose " +
					"another name, or allow overwriting.");
		final ImagePlus imp = toImagePlus(scribbles, tiff.getFileName().toString());
		if (calibration != null) {
			final Calibration ijCalibration = imp.getCalibration();
			ijCalibration.pixelWidth = calibration.width();
			ijCalibration.pixelHeight = calibration.height();
			ijCalibration.pixelDepth = calibration.depth();
			ijCalibration.setUnit(calibration.unit());
		}
		ImageFiles.writeTiff(imp, tiff, overwrite);
		AtomicFiles.write(labelSetsFile, overwrite, "the label sets", temporary -> {
			try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.US_ASCII)) {
				out.write("{\"labelSets\":[[]");
				for (final String name : names)
					out.write(",[" + JsonSource.quote(name) + "]");
				out.write("]}\n");
			}
		});
	}

	private static ImagePlus toImagePlus(final Scribbles scribbles, final String title) {
		final Img<UnsignedShortType> labels = scribbles.labels();
		final int classes = scribbles.classNames().size();
		final int width = Math.toIntExact(labels.dimension(0)), height = Math.toIntExact(labels.dimension(1));
		final int slices = labels.numDimensions() == 3 ? Math.toIntExact(labels.dimension(2)) : 1;
		final boolean eightBit = classes <= 255;
		final ImageStack stack = new ImageStack(width, height);
		final Cursor<UnsignedShortType> cursor = Views.flatIterable(labels).cursor();
		final Set<Integer> unnamed = new HashSet<>();
		for (int z = 0; z < slices; z++) {
			final byte[] bytes = eightBit ? new byte[width * height] : null;
			final short[] shorts = eightBit ? null : new short[width * height];
			for (int i = 0; i < width * height; i++) {
				final int value = cursor.next().get();
				if (value > classes) unnamed.add(value);
				if (eightBit) bytes[i] = (byte) value;
				else shorts[i] = (short) value;
			}
			stack.addSlice(eightBit ? new ByteProcessor(width, height, bytes) : new ShortProcessor(width, height, shorts,
				null));
		}
		if (!unnamed.isEmpty())
			throw new IllegalArgumentException("The scribbles hold values " + unnamed + " beyond the " + classes +
				" classes " + scribbles.classNames() + "; give every value a class name before saving.");
		final ImagePlus imp = new ImagePlus(title, stack);
		imp.setDisplayRange(0, classes);
		return imp;
	}
}
