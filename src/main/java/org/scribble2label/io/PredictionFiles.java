package org.scribble2label.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ij.ImagePlus;
import ij.measure.Calibration;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;

import org.scribble2label.core.AtomicFiles;
import org.scribble2label.core.instance.InstanceSegmentation;
import org.scribble2label.core.predict.Prediction;
import org.scribble2label.ij.OutputImages;

/**
 * The result files of predicting an image, all or nothing: {@code NAME_labels.tif},
 * {@code NAME_probabilities.tif}, {@code NAME_instances.tif} and {@code NAME_mask.tif}. All four
 * are written to hidden temporary files first and only then moved to their names, so a file
 * under its final name is always complete, and an image whose four files exist is done: a rerun
 * (or a cluster task restarted after a failed node) skips it.
 */
public final class PredictionFiles {

	/** The outputs, in the order they are moved into place: the mask last (see {@link #write}). */
	public enum Output {
		LABELS("_labels"), PROBABILITIES("_probabilities"), INSTANCES("_instances"), MASK("_mask");

		public final String suffix;

		Output(final String suffix) {
			this.suffix = suffix;
		}
	}

	/** Where an image's outputs stand. */
	public enum State { NONE, PARTIAL, COMPLETE }

	private final Path folder;

	public PredictionFiles(final Path folder) {
		this.folder = folder;
	}

	public Path folder() {
		return folder;
	}

	/**
	 * The output name of every image: its base name, or its whole file name when another image
	 * has the same base name ({@code x.png} and {@code x.tif} give {@code x.png_labels.tif} and
	 * {@code x.tif_labels.tif}), so that no image's results replace another's.
	 *
	 * @throws IllegalArgumentException when names still collide (differing only in case, on a
	 *           folder that ignores case)
	 */
	public static Map<Path, String> names(final List<Path> images) {
		final Map<String, Integer> bases = new HashMap<>();
		for (final Path image : images)
			bases.merge(key(ImageFolder.baseName(image)), 1, Integer::sum);
		final Map<Path, String> names = new LinkedHashMap<>();
		final Map<String, Path> taken = new HashMap<>();
		for (final Path image : images) {
			final String base = ImageFolder.baseName(image);
			final String name = bases.get(key(base)) > 1 ? image.getFileName().toString() : base;
			final Path other = taken.put(key(name), image);
			if (other != null)
				throw new IllegalArgumentException("The images " + other.getFileName() + " and " + image.getFileName() + " would get " +
					"the same result files (" + name + "_labels.tif): rename one of them.");
			names.put(image, name);
		}
		return names;
	}

	/** Names that differ only in case are the same file on macOS and Windows. */
	private static String key(final String name) {
		return name.toLowerCase(java.util.Locale.ROOT);
	}

	public Path file(final String name, final Output output) {
		return folder.resolve(name + output.suffix + ".tif");
	}

	/** The outputs of {@code name} that exist, in {@link Output} order. */
	public List<Path> existing(final String name) {
		final List<Path> files = new ArrayList<>();
		for (final Output o : Output.values())
			if (Files.exists(file(name, o))) files.add(file(name, o));
		return files;
	}

	public State state(final String name) {
		final int n = existing(name).size();
		return n == 0 ? State.NONE : n == Output.values().length ? State.COMPLETE : State.PARTIAL;
	}

	/**
	 * Deletes the hidden temporary files of {@code name}'s outputs that an earlier run, killed
	 * while writing, left behind. Only this image's: another process may be writing its own
	 * images into the same folder (a cluster's job array).
	 *
	 * @return how many were deleted
	 */
	public int deleteStaleParts(final String name) throws IOException {
		int deleted = 0;
		if (!Files.isDirectory(folder)) return 0;
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, ".*.part")) {
			for (final Path part : stream) {
				final String file = part.getFileName().toString();
				for (final Output o : Output.values())
					if (file.startsWith("." + name + o.suffix + ".tif-") && Files.deleteIfExists(part)) {
						deleted++;
						break;
					}
			}
		}
		return deleted;
	}

	/**
	 * Bytes of Java memory that predicting and writing an image needs, besides the image itself:
	 * the probabilities (4 bytes per class and pixel), the labels and the mask (1 byte each), and
	 * the instance segmentation of one plane (about 30 bytes per pixel of its working arrays), and
	 * the network's input where it is a copy of the image (a colour image: 4 bytes per channel).
	 */
	public static long memoryNeeded(final long width, final long height, final long slices, final int classes,
		final int inputCopyBytesPerPixel)
	{
		final long plane = width * height;
		return plane * slices * (4L * classes + 2 + inputCopyBytesPerPixel) + plane * 30 + plane * slices * 4;
	}

	/**
	 * Refuses an image whose prediction cannot fit into the memory Java may still use, before
	 * any work: saying so after minutes of computing helps nobody.
	 */
	public static void requireMemory(final String what, final long width, final long height, final long slices,
		final int classes, final int inputCopyBytesPerPixel) throws IOException
	{
		final long needed = memoryNeeded(width, height, slices, classes, inputCopyBytesPerPixel);
		long free = ImageHeader.freeMemory();
		if (needed > free) {
			System.gc();
			free = ImageHeader.freeMemory();
		}
		if (needed > free)
			throw new IOException("Predicting " + what + " (" + width + " x " + height + (slices > 1 ? " x " + slices : "") +
				" pixels, " + classes + " classes) needs about " + ImageHeader.megabytes(needed) + " of memory besides the image, but " +
				"only " + ImageHeader.megabytes(free) + " are free. Give Java more memory (java -Xmx" +
				ImageHeader.suggestedHeap(needed + (Runtime.getRuntime().maxMemory() - free)) + ", or in Fiji Edit > Options > " +
				"Memory & Threads), or split the image into smaller ones.");
	}

	/**
	 * Writes the four outputs of one image, all or nothing. Existing outputs are replaced only
	 * with {@code overwrite}, and even then never an input file, nor a {@code NAME_mask.tif}
	 * without a {@code NAME_labels.tif} beside it: that mask is not one of ours (ground truth
	 * keeps this name) because ours is always moved into place after its labels.
	 *
	 * <p>The caller passes the prediction without keeping a reference to it: the probabilities
	 * are released once written, before the instance segmentation needs its memory.</p>
	 *
	 * @param inputs real paths of the input images, never replaced
	 */
	public void write(final String name, Prediction prediction, final List<String> classNames, final Calibration calibration,
		final InstanceSegmentation instances, final boolean overwrite, final Set<Path> inputs) throws IOException
	{
		final Map<Output, Path> targets = new LinkedHashMap<>();
		for (final Output o : Output.values())
			targets.put(o, file(name, o));
		for (final Map.Entry<Output, Path> t : targets.entrySet()) {
			final Path target = t.getValue();
			if (!Files.exists(target)) continue;
			if (inputs.contains(target.toRealPath()))
				throw new IOException(target + " is one of the input images; it is never replaced. Choose another output folder.");
			if (!overwrite)
				throw new IOException(target.getFileName() + " already exists in " + folder + " (from another run or program): " +
					"remove it, or allow overwriting.");
			if (t.getKey() == Output.MASK && !Files.exists(targets.get(Output.LABELS)))
				throw new IOException(target + " exists without " + targets.get(Output.LABELS).getFileName() + " beside it, so it is " +
					"not a Scribble2Label result but perhaps ground truth; it is never replaced. Move it, or choose another output folder.");
		}
		final Map<Output, Path> temporary = new LinkedHashMap<>();
		try {
			final RandomAccessibleInterval<? extends IntegerType<?>> labels = prediction.labels();
			temporary.put(Output.LABELS, tiff(OutputImages.labels(prediction, name, calibration), targets.get(Output.LABELS)));
			temporary.put(Output.MASK, tiff(OutputImages.mask(prediction, name, calibration), targets.get(Output.MASK)));
			temporary.put(Output.PROBABILITIES, tiff(OutputImages.probabilities(prediction, classNames, name, calibration),
				targets.get(Output.PROBABILITIES)));
			prediction = null; // the largest part: let it go before the instances need their memory
			temporary.put(Output.INSTANCES, tiff(OutputImages.instances(instances.apply(labels), name, calibration),
				targets.get(Output.INSTANCES)));
			commit(temporary, targets, overwrite);
		}
		finally {
			for (final Path t : temporary.values())
				Files.deleteIfExists(t);
		}
	}

	/** Moves the temporary files into place, in {@link Output} order; undoes a half-done commit. */
	private static void commit(final Map<Output, Path> temporary, final Map<Output, Path> targets, final boolean overwrite)
		throws IOException
	{
		final List<Path> moved = new ArrayList<>();
		try {
			for (final Output o : Output.values()) {
				final Path to = targets.get(o);
				AtomicFiles.moveIntoPlace(temporary.get(o), to, overwrite);
				moved.add(to);
			}
		}
		catch (final IOException | RuntimeException e) {
			// Without overwriting, what was moved is ours and new: remove it, so that no partial set stays.
			if (!overwrite) for (final Path p : moved)
				Files.deleteIfExists(p);
			throw e;
		}
	}

	/** Saves an image into a new hidden temporary file beside the target, synced to disk. */
	private static Path tiff(final ImagePlus imp, final Path target) throws IOException {
		return AtomicFiles.prepare(target, target.getFileName().toString(), temporary -> ImageFiles.saveTiff(imp, temporary, target));
	}
}
