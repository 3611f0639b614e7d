package org.scribble2label.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

import ij.io.FileInfo;
import ij.io.TiffDecoder;

/**
 * What an image file declares about itself, read from its header without reading the pixels:
 * enough to refuse a file whose pixels would not fit in memory, or that is shorter than its own
 * header says, before ImageJ allocates anything or silently fills the missing rows with zeros.
 */
public final class ImageHeader {

	/** Width and height of a plane. */
	public final long width, height;
	/** Planes in the file (channels x slices x frames). */
	public final long planes;
	/** Bytes ImageJ needs for the pixels once read. */
	public final long bytesInMemory;
	/** Z slices and time frames of an ImageJ hyperstack (1 when absent). */
	public final int slices, frames, channels;
	/** The file's length, and the last byte its header points to (0 when unknown). */
	private long fileLength, dataEnd;

	private ImageHeader(final long width, final long height, final long planes, final long bytesInMemory,
		final int channels, final int slices, final int frames)
	{
		this.width = width;
		this.height = height;
		this.planes = planes;
		this.bytesInMemory = bytesInMemory;
		this.channels = channels;
		this.slices = slices;
		this.frames = frames;
	}

	/**
	 * The header of a TIFF, PNG or JPEG file, checked for a plane of at least one pixel. Null for
	 * other formats, which ImageJ reads as it can. See {@link #requireMemory} and {@link #requireComplete}.
	 *
	 * @throws IOException with a message for the user when the file is damaged
	 */
	public static ImageHeader read(final Path file) throws IOException {
		final byte[] magic = new byte[8];
		final int n;
		try (InputStream in = Files.newInputStream(file)) {
			n = in.readNBytes(magic, 0, magic.length);
		}
		if (n >= 4 && (magic[0] == 'I' && magic[1] == 'I' && magic[2] == 42 && magic[3] == 0 ||
			magic[0] == 'M' && magic[1] == 'M' && magic[2] == 0 && magic[3] == 42)) return tiff(file);
		if (n >= 8 && (magic[0] & 0xff) == 0x89 && magic[1] == 'P' && magic[2] == 'N' && magic[3] == 'G' ||
			n >= 3 && (magic[0] & 0xff) == 0xff && (magic[1] & 0xff) == 0xd8 && (magic[2] & 0xff) == 0xff) return imageIO(file);
		return null;
	}

	private static ImageHeader tiff(final Path file) throws IOException {
		final Path absolute = file.toAbsolutePath();
		final FileInfo[] infos;
		try {
			infos = new TiffDecoder(absolute.getParent().toString() + java.io.File.separator, absolute.getFileName().toString())
				.getTiffInfo();
		}
		catch (final IOException | RuntimeException e) {
			throw new IOException("Cannot read " + file + ": its TIFF header is damaged (" + e.getMessage() + "). Save the image " +
				"again as TIFF.", e);
		}
		if (infos == null || infos.length == 0)
			throw new IOException("Cannot read " + file + ": it holds no TIFF image. Save the image again as TIFF.");
		final long length = Files.size(file);
		final FileInfo first = infos[0];
		long planes = 0, memory = 0, end = 0;
		for (final FileInfo fi : infos) {
			if (fi.width <= 0 || fi.height <= 0)
				throw new IOException("Cannot read " + file + ": its header says the image is " + fi.width + " x " + fi.height +
					" pixels, so it holds no pixels. Save the image again, or remove the file from the folder.");
			final long images = Math.max(1, fi.nImages);
			final long plane = (long) fi.width * fi.height;
			planes += images;
			memory += images * plane * memoryBytesPerPixel(fi);
			end = Math.max(end, dataEnd(fi, plane, images));
		}
		final String d = first.description == null ? "" : first.description;
		final ImageHeader header = new ImageHeader(first.width, first.height, planes, memory, field(d, "channels"),
			field(d, "slices"), field(d, "frames"));
		header.fileLength = length;
		header.dataEnd = end;
		return header;
	}

	/**
	 * Refuses a file shorter than its header says: ImageJ would fill the missing rows with zeros
	 * without a word, and a model would be trained on, or predict, an image that is not there.
	 */
	public void requireComplete(final Path file) throws IOException {
		if (dataEnd > fileLength)
			throw new IOException("Cannot read " + file + ": the file has " + fileLength + " bytes but its header places pixels up " +
				"to byte " + dataEnd + ", so it is truncated or damaged (an interrupted copy or download?). Copy or save it again.");
	}

	/** The last byte of pixel data the header points to. */
	private static long dataEnd(final FileInfo fi, final long plane, final long images) {
		long end = 0;
		if (fi.stripOffsets != null && fi.stripLengths != null && fi.stripOffsets.length > 0) {
			for (int i = 0; i < fi.stripOffsets.length && i < fi.stripLengths.length; i++)
				end = Math.max(end, (fi.stripOffsets[i] & 0xffffffffL) + (fi.stripLengths[i] & 0xffffffffL));
		}
		// Uncompressed pixels are read as one block from the first offset, whatever the strips say.
		if (fi.compression <= FileInfo.COMPRESSION_NONE) {
			final long bytes = (long) Math.ceil(plane * diskBitsPerPixel(fi) / 8.0);
			final long gap = Math.max(0, fi.getGap());
			end = Math.max(end, fi.getOffset() + images * bytes + (images - 1) * gap);
		}
		return end;
	}

	private static double diskBitsPerPixel(final FileInfo fi) {
		switch (fi.fileType) {
			case FileInfo.BITMAP: return 1;
			case FileInfo.GRAY12_UNSIGNED: return 12;
			case FileInfo.GRAY10_UNSIGNED: return 10;
			default: return 8.0 * fi.getBytesPerPixel();
		}
	}

	/** ImageJ keeps 8, 16 or 32 bits per pixel; RGB as one int. */
	private static int memoryBytesPerPixel(final FileInfo fi) {
		switch (fi.fileType) {
			case FileInfo.GRAY8: case FileInfo.COLOR8: case FileInfo.BITMAP: return 1;
			case FileInfo.GRAY16_SIGNED: case FileInfo.GRAY16_UNSIGNED: case FileInfo.GRAY12_UNSIGNED: case FileInfo.GRAY10_UNSIGNED:
				return 2;
			case FileInfo.RGB48: case FileInfo.RGB48_PLANAR: return 6;
			default: return 4;
		}
	}

	private static int field(final String description, final String key) {
		for (final String line : description.split("\n"))
			if (line.startsWith(key + "=")) {
				try {
					return Math.max(1, Integer.parseInt(line.substring(key.length() + 1).trim()));
				}
				catch (final NumberFormatException e) {
					return 1;
				}
			}
		return 1;
	}

	private static ImageHeader imageIO(final Path file) throws IOException {
		try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
			final Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
			if (readers == null || !readers.hasNext()) return null;
			final ImageReader reader = readers.next();
			try {
				reader.setInput(in, true, true);
				final long w = reader.getWidth(0), h = reader.getHeight(0);
				if (w <= 0 || h <= 0)
					throw new IOException("Cannot read " + file + ": its header says the image is " + w + " x " + h + " pixels.");
				int bytes = 4;
				try {
					final ImageTypeSpecifier type = reader.getRawImageType(0);
					if (type != null)
						bytes = type.getSampleModel().getNumBands() * ((type.getSampleModel().getSampleSize(0) + 7) / 8);
				}
				catch (final IOException | RuntimeException e) {
					// An unusual colour model (CMYK JPEG): assume 4 bytes per pixel.
				}
				// Java's decoder holds its own copy before ImageJ gets the pixels.
				return new ImageHeader(w, h, 1, 2 * w * h * Math.max(1, bytes), 1, 1, 1);
			}
			finally {
				reader.dispose();
			}
		}
		catch (final javax.imageio.IIOException e) {
			return null; // Java cannot read the header: ImageJ will try, and say what is wrong
		}
	}

	/** Java heap that can still be allocated. */
	public static long freeMemory() {
		final Runtime r = Runtime.getRuntime();
		return r.maxMemory() - (r.totalMemory() - r.freeMemory());
	}

	/**
	 * Refuses to read when the pixels cannot fit into the memory Java may still use.
	 *
	 * @throws IOException saying how much memory is needed
	 */
	public void requireMemory(final Path file) throws IOException {
		long free = freeMemory();
		if (bytesInMemory > free) {
			System.gc();
			free = freeMemory();
		}
		if (bytesInMemory > free)
			throw new IOException("Cannot read " + file + ": it is " + width + " x " + height + (planes > 1 ? " x " + planes : "") +
				" pixels and needs " + megabytes(bytesInMemory) + " of memory, but only " + megabytes(free) + " are free. Give Java " +
				"more memory (java -Xmx" + suggestedHeap(bytesInMemory) + ", or in Fiji Edit > Options > Memory & Threads), or " +
				"split the image into smaller ones.");
	}

	static String megabytes(final long bytes) {
		return bytes >= 10L << 30 ? String.format(Locale.ROOT, "%.0f GB", bytes / (double) (1L << 30))
			: bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
			: String.format(Locale.ROOT, "%d MB", Math.max(1, (bytes + (1 << 20) - 1) >> 20));
	}

	/** A heap size (as -Xmx takes it) that holds the given bytes besides Java's own needs. */
	static String suggestedHeap(final long bytes) {
		final long withMargin = bytes + Math.max(bytes / 4, 256L << 20);
		final long gigabytes = (withMargin + (1L << 30) - 1) >> 30;
		return gigabytes + "g";
	}
}
