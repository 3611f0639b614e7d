package org.scribble2label.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;

import org.scribble2label.core.AtomicFiles;

/**
 * Reads and writes image files with ImageJ 1.x: TIFF, PNG (8 and 16 bit), JPEG, and what
 * else ImageJ opens. Writes are atomic: a temporary file in the target folder is moved into
 * place once complete, so a failed or interrupted write never leaves half a file.
 */
public final class ImageFiles {

	private ImageFiles() {}

	public static ImagePlus read(final Path file) throws IOException {
		if (!Files.isRegularFile(file)) throw new IOException("No image file at " + file.toAbsolutePath() + ".");
		final ImagePlus imp = IJ.openImage(file.toString());
		if (imp == null)
			throw new IOException("Cannot read " + file + " as an image: use a TIFF or PNG file (or another format ImageJ opens).");
		return imp;
	}

	/**
	 * Saves an image as TIFF.
	 *
	 * @param overwrite whether an existing file may be replaced
	 */
	public static void writeTiff(final ImagePlus imp, final Path file, final boolean overwrite) throws IOException {
		AtomicFiles.write(file, overwrite, imp.getTitle(), temporary -> {
			final FileSaver saver = new FileSaver(imp);
			final boolean ok = imp.getStackSize() > 1 ? saver.saveAsTiffStack(temporary.toString())
				: saver.saveAsTiff(temporary.toString());
			if (!ok) throw new IOException("Cannot write " + file + " (disk full or not writable?).");
		});
	}
}
