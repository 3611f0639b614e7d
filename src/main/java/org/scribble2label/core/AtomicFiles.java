package org.scribble2label.core;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that the user never finds half of one: the content goes to a temporary file
 * in the target folder, which is moved into place once complete. Existing files are replaced
 * only when asked.
 */
public final class AtomicFiles {

	/**
	 * Temporary files are private (rw-------); the result gets the permissions of the file it
	 * replaces, or rw-r--r-- like a file saved by any other program, so that colleagues can read it.
	 */
	private static void readableLikeOtherFiles(final Path temporary, final Path target) throws IOException {
		if (!Files.getFileStore(temporary).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) return;
		Files.setPosixFilePermissions(temporary, Files.exists(target) ? Files.getPosixFilePermissions(target)
			: java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
	}

	/**
	 * Makes the rename itself durable. Opening a folder works on Linux and macOS; Windows refuses
	 * it (and journals renames itself), so a failure here is not an error.
	 */
	private static void syncFolder(final Path folder) {
		try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (final IOException | UnsupportedOperationException e) {
			// Nothing more can be done portably.
		}
	}

	/** Writes the complete content to the given (temporary) file. */
	@FunctionalInterface
	public interface Writer {
		void write(Path file) throws IOException;
	}

	private AtomicFiles() {}

	/**
	 * @param what what is written, for messages ("the model", "the mask")
	 * @param overwrite whether an existing target may be replaced
	 */
	public static void write(final Path target, final boolean overwrite, final String what, final Writer writer)
		throws IOException
	{
		final Path file = target.toAbsolutePath();
		final Path folder = file.getParent();
		if (folder == null || !Files.isDirectory(folder))
			throw new IOException("Cannot save " + what + ": the folder " + folder + " does not exist. Create it or choose another one.");
		if (Files.exists(file) && !overwrite)
			throw new IOException("Cannot save " + what + ": " + file + " already exists. Choose another name, or allow overwriting.");
		final Path temporary = prepare(file, what, writer);
		try {
			moveIntoPlace(temporary, file, overwrite);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	/**
	 * The first half of {@link #write}, for writing several files all or nothing: the complete
	 * content in a hidden temporary file beside {@code target}, synced to disk and readable like
	 * other files. The caller moves it with {@link #moveIntoPlace} or deletes it.
	 */
	public static Path prepare(final Path target, final String what, final Writer writer) throws IOException {
		final Path folder = target.toAbsolutePath().getParent();
		final Path temporary;
		try {
			temporary = Files.createTempFile(folder, "." + target.getFileName() + "-", ".part");
		}
		catch (final AccessDeniedException e) {
			throw new IOException("Cannot save " + what + ": the folder " + folder + " is not writable. Choose another folder.", e);
		}
		try {
			writer.write(temporary);
			readableLikeOtherFiles(temporary, target);
			// On disk before the rename: after a power cut, the name holds either the old or the whole new content.
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
				channel.force(true);
			}
			return temporary;
		}
		catch (final IOException | RuntimeException e) {
			Files.deleteIfExists(temporary);
			throw e;
		}
	}

	/**
	 * The second half of {@link #write}: moves a prepared file to {@code target}, atomically
	 * where the file system can, and makes the rename durable.
	 *
	 * @param overwrite whether an existing target may be replaced; without it the move fails if the
	 *          file appeared meanwhile, so nothing is ever replaced unasked
	 */
	public static void moveIntoPlace(final Path temporary, final Path target, final boolean overwrite) throws IOException {
		if (!overwrite) Files.move(temporary, target);
		else {
			try {
				Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (final AtomicMoveNotSupportedException e) {
				Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		syncFolder(target.toAbsolutePath().getParent());
	}
}
