package org.scribble2label.core.model;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads zip entries of untrusted model files with a hard limit: the sizes in a zip's directory
 * are written by whoever made the file, and a few megabytes of compressed zeros inflate to
 * gigabytes. The bytes are counted as they are inflated, and the read stops one byte past the
 * limit, so no more than the limit is ever held in memory.
 */
final class BoundedZipReading {

	/** Thrown when an entry holds more bytes than the limit. */
	static final class TooLargeException extends IOException {
		private static final long serialVersionUID = 1L;

		TooLargeException(final String message) {
			super(message);
		}
	}

	private BoundedZipReading() {}

	/**
	 * @param limit the most bytes the entry may hold; at most {@code Integer.MAX_VALUE - 8} (a Java array)
	 * @param why why the limit holds, ending the message ("more than its architecture can need")
	 */
	static byte[] read(final ZipFile zip, final ZipEntry entry, final long limit, final String why) throws IOException {
		final String what = entry.getName() + " is larger than " + Math.min(limit, Integer.MAX_VALUE - 8) + " bytes, " + why;
		final int max = (int) Math.min(limit, Integer.MAX_VALUE - 8);
		// The declared size is only used to refuse early, never to size a buffer.
		if (entry.getSize() > max || entry.getCompressedSize() > max) throw new TooLargeException(what);
		try (InputStream in = zip.getInputStream(entry)) {
			return read(in, max, what);
		}
		catch (final OutOfMemoryError e) {
			// A failed allocation of the buffer alone (the bytes read so far are dropped with it).
			throw outOfMemory(java.nio.file.Paths.get(zip.getName()), max);
		}
	}

	/** A model that fits its architecture but not into the memory Java may use. */
	static ModelFileException outOfMemory(final java.nio.file.Path file, final long bytes) {
		return new ModelFileException("Loading " + file + " needs about " + (2 * bytes >> 20) + " MB of memory, more than Java " +
			"may use here (" + (Runtime.getRuntime().maxMemory() >> 20) + " MB). Give Java more memory (Fiji: Edit > Options > " +
			"Memory & Threads; command line: java -Xmx...), or use a smaller model.");
	}

	/** @param what the message when the stream holds more than {@code max} bytes */
	static byte[] read(final InputStream in, final int max, final String what) throws IOException {
		byte[] buffer = new byte[Math.min(max + 1, 1 << 16)];
		int count = 0;
		while (true) {
			if (count == buffer.length) {
				if (count > max) throw new TooLargeException(what);
				buffer = Arrays.copyOf(buffer, (int) Math.min((long) max + 1, 2L * buffer.length));
			}
			final int n = in.read(buffer, count, buffer.length - count);
			if (n < 0) break;
			count += n;
			if (count > max) throw new TooLargeException(what);
		}
		return count == buffer.length ? buffer : Arrays.copyOf(buffer, count);
	}
}
