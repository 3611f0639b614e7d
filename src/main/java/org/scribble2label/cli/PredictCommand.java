package org.scribble2label.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;

import org.scribble2label.core.DeviceChoice;
import org.scribble2label.core.instance.InstanceSegmentation;
import org.scribble2label.core.model.DjlRuntime;
import org.scribble2label.core.model.Scribble2LabelModel;
import org.scribble2label.ij.ModelInput;
import org.scribble2label.io.ImageFiles;
import org.scribble2label.io.ImageFolder;
import org.scribble2label.io.ImageHeader;
import org.scribble2label.io.PredictionFiles;
import org.scribble2label.io.Shard;

/**
 * {@code predict}: a model applied to an image, a folder, or one shard of either; and
 * {@code predict --check}, which says which results exist. Each image's results are written all
 * or nothing ({@link PredictionFiles}), images whose results are complete are skipped, and a bad
 * image is reported and skipped, so that a rerun after any failure does only what is missing.
 */
final class PredictCommand {

	/** One image to predict: a file, or one slice of a stack file when a stack is sharded. */
	private static final class Unit {
		final Path file;
		final String name;
		/** 1-based position on the stack's Z (or T) axis; 0 for the whole file. */
		final int slice;

		Unit(final Path file, final String name, final int slice) {
			this.file = file;
			this.name = name;
			this.slice = slice;
		}

		@Override
		public String toString() {
			return slice == 0 ? file.toString() : file + " (" + name.substring(name.lastIndexOf('_') + 1) + ")";
		}
	}

	/** The hidden file that shows the output folder is writable. */
	private static final String PROBE = ".scribble2label-";

	private final PrintStream out;

	PredictCommand(final PrintStream out) {
		this.out = out;
	}

	/**
	 * @param shard the part of the folder, or of the stack's slices, to predict; null for all of a folder,
	 *          and a stack as one image (with a shard, even 1/1, a stack's slices have results of their own)
	 * @param check only report which results exist (no model needed)
	 * @param counts with {@code check}, the number of objects of every image
	 * @return 0 when every image of the shard has its results, else 1
	 */
	int run(final Path modelFile, final Path input, final Path output, final boolean overwrite, final DeviceChoice device,
		final Shard shard, final boolean check, final boolean counts, final int channel, final BooleanSupplier stop)
		throws IOException
	{
		// Mistakes in the command come first, before anything is read.
		if (Files.exists(output) && !Files.isDirectory(output)) throw new IllegalArgumentException(output + " already exists " +
			"and is a file, not a folder: choose a folder for the results (--output).");
		if (!check) DjlRuntime.device(device); // a GPU asked for but missing is said at once
		if (!Files.exists(input)) throw new IllegalArgumentException("No image or folder at " + input + ": check --input.");
		final boolean folder = Files.isDirectory(input);
		final Path inputFolder = folder ? input.toRealPath() : input.toRealPath().getParent();
		if (inputFolder.equals(realOrNormal(output)))
			throw new IllegalArgumentException("Write the results to another folder than the images (" + output + "): results " +
				"next to the inputs could replace ground truth or be taken for images later.");
		final List<Path> images = folder ? ImageFolder.images(input, null) : List.of(input);
		if (images.isEmpty())
			throw new IllegalArgumentException("No images (.tif, .tiff, .png, .jpg) in " + input + ".");
		final Map<Path, String> names = PredictionFiles.names(images);
		final List<Unit> units = units(images, names, folder, shard);
		final Shard part = shard == null ? Shard.ALL : shard;
		final PredictionFiles files = new PredictionFiles(output);
		if (check) return check(units, files, counts, part);

		final Set<Path> inputs = new HashSet<>();
		for (final Path image : images)
			if (Files.exists(image)) inputs.add(image.toRealPath());
		final Path created = createFolder(output);
		int failed = 0, done = 0, predicted = 0;
		Scribble2LabelModel model = null;
		try {
			for (final Unit unit : units) {
				if (stop.getAsBoolean()) throw new CancellationException("Prediction stopped");
				files.deleteStaleParts(unit.name);
				final PredictionFiles.State state = files.state(unit.name);
				if (state == PredictionFiles.State.COMPLETE && !overwrite) {
					done++;
					out.println("Done already: " + unit);
					continue;
				}
				if (state == PredictionFiles.State.PARTIAL && !overwrite) {
					failed++;
					out.println("Skipped " + unit + ": " + output + " holds " + describe(files.existing(unit.name)) + " but not all " +
						"four results; they are not from a complete run of Scribble2Label. Remove them, or add --overwrite.");
					continue;
				}
				// Loaded only when needed (a rerun of a finished shard needs none); its problems end the run.
				if (model == null) model = Scribble2LabelModel.load(modelFile, device);
				try {
					final ImagePlus image = read(unit);
					PredictionFiles.requireMemory(unit.toString(), image.getWidth(), image.getHeight(),
						(long) image.getNSlices() * image.getNFrames(), model.spec().classes(),
						ModelInput.copiedBytesPerPixel(image, channel, model));
					files.write(unit.name, ModelInput.predict(image, channel, model, stop), model.classNames(), image.getCalibration(),
						InstanceSegmentation.defaults(), overwrite, inputs);
					predicted++;
					out.println("Predicted " + unit);
				}
				catch (final CancellationException e) {
					throw e; // a stop asked for by a signal ends the whole run, not this image
				}
				catch (final IOException | RuntimeException e) {
					// One bad image never stops the others.
					failed++;
					out.println("Skipped " + unit + ": " + message(e));
				}
				catch (final OutOfMemoryError e) {
					failed++;
					out.println("Skipped " + unit + ": Java ran out of memory. Give it more (java -Xmx...), or split the image.");
				}
			}
		}
		finally {
			if (model != null) model.close();
			deleteIfEmpty(created);
		}
		if (units.size() > 1 || shard != null)
			out.println((shard == null ? "" : "Shard " + shard + ": ") + units.size() + " image(s), " + predicted + " predicted, " + done + " done already, " +
				failed + " skipped.");
		return failed == 0 ? 0 : 1;
	}

	private static String message(final Throwable e) {
		return e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage();
	}

	/** The shard's images: files of a folder, or the slices of one stack. */
	private List<Unit> units(final List<Path> images, final Map<Path, String> names, final boolean folder, final Shard shard)
		throws IOException
	{
		final List<Unit> units = new ArrayList<>();
		if (folder || shard == null) {
			for (final Path image : (shard == null ? Shard.ALL : shard).of(images))
				units.add(new Unit(image, names.get(image), 0));
			return units;
		}
		// One file and a shard: a stack is split by its slices (Z, or T for a time series), each slice its own results.
		final Path file = images.get(0);
		final ImageHeader header = Files.isRegularFile(file) ? ImageHeader.read(file) : null;
		final int positions = header == null ? 1 : stackPositions(file, header);
		if (positions == 1) {
			for (final Path image : shard.of(images))
				units.add(new Unit(image, names.get(image), 0));
			return units;
		}
		final String axis = header.frames > 1 ? "t" : "z";
		final int digits = Math.max(4, Integer.toString(positions).length());
		for (int s = shard.from(positions); s < shard.to(positions); s++)
			units.add(new Unit(file, String.format(java.util.Locale.ROOT, "%s_%s%0" + digits + "d", names.get(file), axis, s + 1),
				s + 1));
		return units;
	}

	/** Slices (or frames) of a stack, from its header. */
	private static int stackPositions(final Path file, final ImageHeader header) {
		if (header.slices > 1 && header.frames > 1)
			throw new IllegalArgumentException(file + " has " + header.slices + " slices and " + header.frames + " time points: " +
				"shard a Z-stack or a time series, not both (save one time point per file).");
		if (header.slices > 1 || header.frames > 1) return Math.max(header.slices, header.frames);
		// A plain multi-page TIFF: its pages are slices, unless its header says they are channels.
		return (int) (header.planes / header.channels);
	}

	private static ImagePlus read(final Unit unit) throws IOException {
		if (unit.slice == 0) return ImageFiles.read(unit.file);
		final ImageHeader header = ImageHeader.read(unit.file);
		if (header != null) header.requireComplete(unit.file); // as a full read would; memory is needed for one slice only
		final ImagePlus stack = IJ.openVirtual(unit.file.toString());
		if (stack == null) throw new IOException("Cannot read " + unit.file + " as a stack: save it again as TIFF.");
		final boolean time = stack.getNFrames() > 1;
		final ImageStack slice = new ImageStack(stack.getWidth(), stack.getHeight());
		for (int c = 1; c <= stack.getNChannels(); c++)
			slice.addSlice(stack.getStack().getProcessor(stack.getStackIndex(c, time ? 1 : unit.slice, time ? unit.slice : 1)));
		final ImagePlus imp = new ImagePlus(unit.name, slice);
		imp.setDimensions(stack.getNChannels(), 1, 1);
		imp.setCalibration(stack.getCalibration().copy());
		return imp;
	}

	/** {@code predict --check}: which images of the shard have all their results. */
	private int check(final List<Unit> units, final PredictionFiles files, final boolean counts, final Shard shard) {
		int complete = 0;
		long objects = 0;
		final List<String> missing = new ArrayList<>();
		if (counts) out.println("image\tobjects");
		for (final Unit unit : units) {
			final List<String> absent = new ArrayList<>();
			for (final PredictionFiles.Output o : PredictionFiles.Output.values()) {
				final Path f = files.file(unit.name, o);
				if (!Files.isRegularFile(f)) absent.add(f.getFileName().toString());
				else if (!wholeTiff(f)) absent.add(f.getFileName() + " (damaged)");
			}
			if (!absent.isEmpty()) {
				missing.add(unit + ": " + String.join(", ", absent));
				if (counts) out.println(unit.file.getFileName() + (unit.slice == 0 ? "" : " " + unit.name) + "\tmissing");
				continue;
			}
			complete++;
			if (counts) {
				try {
					final ImagePlus instances = ImageFiles.read(files.file(unit.name, PredictionFiles.Output.INSTANCES));
					int max = 0;
					for (int i = 1; i <= instances.getStackSize(); i++)
						max = Math.max(max, (int) instances.getStack().getProcessor(i).getStatistics().max);
					objects += max;
					out.println(unit.file.getFileName() + (unit.slice == 0 ? "" : " " + unit.name) + "\t" + max);
				}
				catch (final IOException e) {
					missing.add(unit + ": " + e.getMessage());
					complete--;
				}
			}
		}
		for (final String m : missing)
			out.println("Missing " + m);
		out.println((shard.isAll() ? "" : "Shard " + shard + ": ") + complete + " of " + units.size() + " image(s) complete" +
			(missing.isEmpty() ? "" : ", " + missing.size() + " missing or incomplete") + (counts ? ", " + objects + " objects" : "") +
			" in " + files.folder() + ".");
		return missing.isEmpty() ? 0 : 1;
	}

	/** Whether a result holds every byte its header points to (written by another program, or cut by a full disk). */
	private static boolean wholeTiff(final Path file) {
		try {
			final ImageHeader header = ImageHeader.read(file);
			if (header == null) return false;
			header.requireComplete(file);
			return true;
		}
		catch (final IOException e) {
			return false;
		}
	}

	private static String describe(final List<Path> files) {
		final List<String> names = new ArrayList<>();
		for (final Path f : files)
			names.add(f.getFileName().toString());
		return String.join(", ", names);
	}

	/** The real path of a folder, or of its nearest existing parent with the rest appended. */
	static Path realOrNormal(final Path path) throws IOException {
		Path p = path.toAbsolutePath().normalize();
		final List<Path> rest = new ArrayList<>();
		while (p != null && !Files.exists(p)) {
			rest.add(0, p.getFileName());
			p = p.getParent();
		}
		if (p == null) return path.toAbsolutePath().normalize();
		Path real = p.toRealPath();
		for (final Path r : rest)
			real = real.resolve(r);
		return real;
	}

	/**
	 * Creates the output folder and checks that it is writable, before any work.
	 *
	 * @return the top-most folder created here, to remove again if nothing is written; or null
	 */
	static Path createFolder(final Path output) throws IOException {
		Path top = null;
		for (Path p = output.toAbsolutePath().normalize(); p != null && !Files.exists(p); p = p.getParent())
			top = p;
		try {
			Files.createDirectories(output);
		}
		catch (final IOException e) {
			throw new IllegalArgumentException("Cannot create the output folder " + output + " (" + message(e) + "): choose " +
				"another --output.", e);
		}
		final Path probe;
		try {
			probe = Files.createTempFile(output, PROBE, ".part");
		}
		catch (final IOException e) {
			deleteIfEmpty(top);
			throw new IllegalArgumentException("Cannot write into the output folder " + output + " (it is read-only or not yours): " +
				"choose another --output.", e);
		}
		Files.deleteIfExists(probe);
		// Probes of runs killed in that instant; another task's live probe lasts microseconds, not minutes.
		try (java.nio.file.DirectoryStream<Path> stale = Files.newDirectoryStream(output, PROBE + "*.part")) {
			final long old = System.currentTimeMillis() - 10 * 60 * 1000;
			for (final Path p : stale)
				if (Files.getLastModifiedTime(p).toMillis() < old) Files.deleteIfExists(p);
		}
		return top;
	}

	/** Removes a folder this run created (and its created subfolders) when nothing was written into it. */
	static void deleteIfEmpty(final Path top) {
		if (top == null) return;
		try (java.util.stream.Stream<Path> walk = Files.walk(top)) {
			final List<Path> all = new ArrayList<>();
			walk.forEach(all::add);
			for (final Path p : all)
				if (!Files.isDirectory(p)) return;
			all.sort(java.util.Comparator.reverseOrder());
			for (final Path p : all)
				Files.deleteIfExists(p);
		}
		catch (final IOException e) {
			// An empty folder left behind is harmless.
		}
	}
}
