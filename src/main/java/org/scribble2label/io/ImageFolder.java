package org.scribble2label.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.scribble2label.io.labkit.LabelingFile;

/**
 * A folder of images and their companions, one rule for every front-end (command line, Fiji
 * commands, benchmarks, script templates): which files are images, which are scribbles
 * ({@code NAME_scribbles.tif}, {@code NAME.tif.labeling}), ground truth ({@code NAME_mask.tif})
 * or our own outputs ({@link PredictionFiles}), and in which order they are processed.
 */
public final class ImageFolder {

	/** Extensions of the images we look for (lower case). */
	public static final List<String> IMAGE_EXTENSIONS = List.of(".tif", ".tiff", ".png", ".jpg", ".jpeg");

	/** A label image of scribbles: 0 unlabelled, 1 background, 2, 3, … object classes. */
	public static final String SCRIBBLES = "_scribbles";

	/** Ground truth (or a predicted mask): instance or binary labels. */
	public static final String MASK = "_mask";

	/** Companion extensions, in the order they are looked for. */
	private static final List<String> COMPANION_EXTENSIONS = List.of(".tif", ".tiff", ".png");

	private ImageFolder() {}

	/** The file name without its last extension. */
	public static String baseName(final Path file) {
		final String n = file.getFileName().toString();
		final int dot = n.lastIndexOf('.');
		return dot > 0 ? n.substring(0, dot) : n;
	}

	/** Whether the name has an image extension. */
	public static boolean hasImageExtension(final Path file) {
		final String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
		return IMAGE_EXTENSIONS.stream().anyMatch(n::endsWith);
	}

	/**
	 * Scribbles, ground truth and our own outputs are never images to process: a second run over
	 * a folder must not take the first run's results for new images.
	 */
	public static boolean isCompanionOrOutput(final Path file) {
		final String base = baseName(file);
		if (base.endsWith(SCRIBBLES) || base.endsWith(MASK)) return true;
		for (final PredictionFiles.Output o : PredictionFiles.Output.values())
			if (base.endsWith(o.suffix)) return true;
		return false;
	}

	/**
	 * The images of a folder in name order: every entry with an image extension, except hidden
	 * files (temporary files, e.g. our own {@code .part} files) and companions or outputs.
	 * Entries that are not readable images (a folder named {@code x.tif}, a broken link) are
	 * listed, so that the caller reports them instead of skipping them silently.
	 *
	 * @param pattern a glob on file names ({@code *.tif}); null or empty for every image
	 */
	public static List<Path> images(final Path folder, final String pattern) throws IOException {
		if (!Files.isDirectory(folder)) throw new IllegalArgumentException("No folder " + folder + ": check the path.");
		final PathMatcher matcher = pattern == null || pattern.isBlank() ? null
			: FileSystems.getDefault().getPathMatcher("glob:" + pattern.trim());
		final List<Path> files = new ArrayList<>();
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
			for (final Path f : stream) {
				final String name = f.getFileName().toString();
				if (name.startsWith(".") || isCompanionOrOutput(f)) continue;
				if (matcher != null ? matcher.matches(f.getFileName()) && !Files.isDirectory(f) : hasImageExtension(f)) files.add(f);
			}
		}
		// By name, not by the platform's collation: every machine of a cluster must agree on the order.
		files.sort(Comparator.comparing(p -> p.getFileName().toString()));
		return files;
	}

	/** {@code NAME<suffix>.tif} (or .tiff, .png) beside the image, or null. */
	public static Path companion(final Path image, final String suffix) {
		for (final String ext : COMPANION_EXTENSIONS) {
			final Path c = image.resolveSibling(baseName(image) + suffix + ext);
			if (Files.isRegularFile(c)) return c;
		}
		return null;
	}

	/** The Labkit labeling Labkit saves beside the image ({@code NAME.tif.labeling}), or null. */
	public static Path labeling(final Path image) {
		final Path l = LabelingFile.defaultLabelingPath(image);
		return Files.isRegularFile(l) ? l : null;
	}
}
