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

	/**
	 * Reads an image after checking its header: a file whose pixels would not fit in memory, or
	 * that is shorter than its header says, is refused before ImageJ allocates anything.
	 */
	public static ImagePlus read(final Path file) throws IOException {
		if (!Files.isRegularFile(file)) throw new IOException("No image file at " + file.toAbsolutePath() + ".");
		if (Files.size(file) == 0)
			throw new IOException("Cannot read " + file + ": the file is empty (0 bytes). Copy or save the image again.");
		final ImageHeader header = ImageHeader.read(file);
		if (header != null) {
			header.requireMemory(file);
			header.requireComplete(file);
		}
		final StringBuilder said = new StringBuilder();
		final ImagePlus imp = quietly(() -> IJ.openImage(file.toString()), said);
		if (imp == null)
			throw new IOException("Cannot read " + file + " as an image" + (said.length() > 0 ? " (ImageJ: " + said + ")" : "") +
				": it is damaged or in a format ImageJ does not open. Save it again as TIFF or PNG.");
		return imp;
	}

	/**
	 * Without a window, ImageJ prints its complaints on standard output, ahead of our own
	 * message about the same file; they are collected into {@code said} instead. Another
	 * thread's output in the meantime is printed after the read.
	 */
	private static synchronized <T> T quietly(final java.util.function.Supplier<T> read, final StringBuilder said) {
		if (IJ.getInstance() != null) return read.get();
		final java.io.PrintStream out = System.out;
		final java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
		final T imp;
		try (java.io.PrintStream capture = new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8)) {
			System.setOut(capture);
			try {
				imp = read.get();
			}
			finally {
				System.setOut(out);
			}
		}
		final String text = captured.toString(java.nio.charset.StandardCharsets.UTF_8).trim();
		if (imp != null && !Boolean.FALSE.equals(imp)) {
			if (!text.isEmpty()) out.println(text);
		}
		else said.append(text.replaceAll("\\s+", " "));
		return imp;
	}

	/**
	 * Saves an image as TIFF.
	 *
	 * @param overwrite whether an existing file may be replaced
	 */
	public static void writeTiff(final ImagePlus imp, final Path file, final boolean overwrite) throws IOException {
		AtomicFiles.write(file, overwrite, imp.getTitle(), temporary -> saveTiff(imp, temporary, file));
	}

	/**
	 * Saves an image as TIFF to {@code file}, directly.
	 *
	 * @param target the file it is meant for, for the message
	 */
	static void saveTiff(final ImagePlus imp, final Path file, final Path target) throws IOException {
		final StringBuilder said = new StringBuilder();
		final Boolean ok = quietly(() -> {
			final FileSaver saver = new FileSaver(imp);
			return imp.getStackSize() > 1 ? saver.saveAsTiffStack(file.toString()) : saver.saveAsTiff(file.toString());
		}, said);
		if (!Boolean.TRUE.equals(ok))
			throw new IOException("Cannot write " + target + (said.length() > 0 ? " (" + said + ")" : "") + ": is the disk full " +
				"or the folder not writable?");
	}
}
