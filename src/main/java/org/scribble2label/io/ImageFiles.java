package org.scribble2label.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;

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
		final Path target = file.toAbsolutePath();
		final Path folder = target.getParent();
		if (folder == null || !Files.isDirectory(folder))
			throw new IOException("Cannot write " + target + ": the folder does not exist.");
		if (Files.exists(target) && !overwrite)
			throw new IOException(target + " already exists; choose another output or allow overwriting.");
		final Path temporary = Files.createTempFile(folder, "." + target.getFileName() + "-", ".part");
		try {
			final FileSaver saver = new FileSaver(imp);
			final boolean ok = imp.getStackSize() > 1 ? saver.saveAsTiffStack(temporary.toString())
				: saver.saveAsTiff(temporary.toString());
			if (!ok) throw new IOException("Cannot write " + target + " (disk full or not writable?).");
			try {
				Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (final AtomicMoveNotSupportedException e) {
				Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}
}
