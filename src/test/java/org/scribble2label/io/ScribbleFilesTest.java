package org.scribble2label.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

import net.imglib2.Cursor;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.scribble2label.core.Scribbles;

class ScribbleFilesTest {

	@TempDir
	Path folder;

	@Test
	void readsAnEightBitLabelImageWithClassNames() throws IOException {
		final Path file = tiff("labels.tif", new ByteProcessor(3, 2, new byte[] { 0, 1, 2, 3, 0, 1 }));
		final Scribbles read = ScribbleFiles.readLabelImage(file, List.of("background", "nucleus", "cytoplasm"));
		assertArrayEquals(new long[] { 3, 2 }, read.labels().dimensionsAsLongArray());
		assertArrayEquals(new int[] { 0, 1, 2, 3, 0, 1 }, values(read));
		assertEquals(List.of("background", "nucleus", "cytoplasm"), read.classNames());
	}

	@Test
	void defaultClassNamesWithoutNames() throws IOException {
		final Path file = folder.resolve("labels.png");
		assertTrue(new FileSaver(new ImagePlus("png", new ByteProcessor(2, 2, new byte[] { 0, 1, 2, 3 }))).saveAsPng(file
			.toString()));
		final Scribbles read = ScribbleFiles.readLabelImage(file, null);
		assertEquals(List.of("background", "class 1", "class 2"), read.classNames());
		assertArrayEquals(new int[] { 0, 1, 2, 3 }, values(read));
	}

	@Test
	void readsASixteenBitStack() throws IOException {
		final ImageStack stack = new ImageStack(2, 1);
		stack.addSlice(new ShortProcessor(2, 1, new short[] { 1, 0 }, null));
		stack.addSlice(new ShortProcessor(2, 1, new short[] { 0, 2 }, null));
		stack.addSlice(new ShortProcessor(2, 1, new short[] { 2, 1 }, null));
		final Path file = folder.resolve("stack.tif");
		ImageFiles.writeTiff(new ImagePlus("stack", stack), file, false);
		final Scribbles read = ScribbleFiles.readLabelImage(file, null);
		assertArrayEquals(new long[] { 2, 1, 3 }, read.labels().dimensionsAsLongArray());
		assertArrayEquals(new int[] { 1, 0, 0, 2, 2, 1 }, values(read));
		assertEquals(List.of("background", "foreground"), read.classNames());
	}

	@Test
	void acceptsFloatImagesOfWholeNumbers() throws IOException {
		final Path file = tiff("float.tif", new FloatProcessor(2, 1, new float[] { 2, 1 }));
		assertArrayEquals(new int[] { 2, 1 }, values(ScribbleFiles.readLabelImage(file, null)));
	}

	@Test
	void messageForFloatWithFractions() throws IOException {
		final Path file = tiff("probabilities.tif", new FloatProcessor(2, 1, new float[] { 0.25f, 1 }));
		assertMessage(() -> ScribbleFiles.readLabelImage(file, null), file, "holds the value 0.25", "whole numbers",
			"not a probability map");
	}

	@Test
	void messageForRgb() throws IOException {
		final Path file = tiff("rgb.tif", new ColorProcessor(2, 2));
		assertMessage(() -> ScribbleFiles.readLabelImage(file, null), file, "RGB colour image", "8-bit or 16-bit");
		assertMessage(() -> ScribbleFiles.readMasks(file, file), file, "RGB colour image");
	}

	@Test
	void messageForChannelsAndTimeSeries() throws IOException {
		final ImageStack stack = new ImageStack(2, 2);
		stack.addSlice(new ByteProcessor(2, 2));
		stack.addSlice(new ByteProcessor(2, 2));
		final ImagePlus channels = new ImagePlus("channels", stack);
		channels.setDimensions(2, 1, 1);
		final Path channelFile = folder.resolve("channels.tif");
		ImageFiles.writeTiff(channels, channelFile, false);
		assertMessage(() -> ScribbleFiles.readLabelImage(channelFile, null), channelFile, "has 2 channels");
		final ImagePlus frames = new ImagePlus("frames", stack.duplicate());
		frames.setDimensions(1, 1, 2);
		final Path frameFile = folder.resolve("frames.tif");
		ImageFiles.writeTiff(frames, frameFile, false);
		assertMessage(() -> ScribbleFiles.readLabelImage(frameFile, null), frameFile, "time series (2 time points)",
			"one time point at a time");
	}

	@Test
	void messageForValuesWithoutClassName() throws IOException {
		final Path file = tiff("labels.tif", new ByteProcessor(2, 1, new byte[] { 1, 3 }));
		assertMessage(() -> ScribbleFiles.readLabelImage(file, List.of("background", "foreground")), file,
			"has value 3 but only 2 class names");
	}

	@Test
	void messageForMissingOrUnreadableFile() throws IOException {
		final Path missing = folder.resolve("missing.tif");
		final IOException e = assertThrows(IOException.class, () -> ScribbleFiles.readLabelImage(missing, null));
		assertTrue(e.getMessage().contains("No image file at"), e.getMessage());
		final Path text = folder.resolve("notes.xyz");
		Files.writeString(text, "not an image");
		final IOException e2 = assertThrows(IOException.class, () -> ScribbleFiles.readLabelImage(text, null));
		assertTrue(e2.getMessage().contains("Cannot read"), e2.getMessage());
	}

	@Test
	void readsAMaskPair() throws IOException {
		final Path foreground = tiff("fg.tif", new ByteProcessor(3, 1, new byte[] { (byte) 255, 0, (byte) 255 }));
		final Path background = tiff("bg.tif", new ByteProcessor(3, 1, new byte[] { 0, 1, (byte) 255 }));
		final Scribbles read = ScribbleFiles.readMasks(foreground, background);
		assertArrayEquals(new int[] { 2, 1, 0 }, values(read), "the pixel in both masks is left unlabelled");
		assertEquals(List.of("background", "foreground"), read.classNames());
		assertEquals(1, read.warnings().size());
		assertTrue(read.warnings().get(0).startsWith("1 pixel(s) lie in both"), read.warnings().get(0));
	}

	@Test
	void messageForMasksOfDifferentSizes() throws IOException {
		final Path foreground = tiff("fg.tif", new ByteProcessor(3, 2));
		final Path background = tiff("bg.tif", new ByteProcessor(2, 3));
		final ScribbleFileException e = assertThrows(ScribbleFileException.class, () -> ScribbleFiles.readMasks(foreground,
			background));
		assertTrue(e.getMessage().contains("foreground mask " + foreground + " is 3 x 2"), e.getMessage());
		assertTrue(e.getMessage().contains("background mask " + background + " is 2 x 3"), e.getMessage());
		assertTrue(e.getMessage().contains("same image"), e.getMessage());
	}

	@Test
	void messageForFractionalMask() throws IOException {
		final Path foreground = tiff("fg.tif", new FloatProcessor(2, 1, new float[] { 0, 0.5f }));
		final Path background = tiff("bg.tif", new ByteProcessor(2, 1));
		assertMessage(() -> ScribbleFiles.readMasks(foreground, background), foreground, "foreground mask",
			"holds the value 0.5");
	}

	private interface Reading {
		Scribbles read() throws IOException;
	}

	private static void assertMessage(final Reading reading, final Path file, final String... parts) {
		final ScribbleFileException e = assertThrows(ScribbleFileException.class, reading::read);
		assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
		for (final String part : parts)
			assertTrue(e.getMessage().contains(part), "'" + part + "' missing in: " + e.getMessage());
	}

	private Path tiff(final String name, final ij.process.ImageProcessor processor) throws IOException {
		final Path file = folder.resolve(name);
		ImageFiles.writeTiff(new ImagePlus(name, processor), file, false);
		return file;
	}

	private static int[] values(final Scribbles scribbles) {
		final int[] values = new int[(int) Views.iterable(scribbles.labels()).size()];
		final Cursor<UnsignedShortType> cursor = Views.flatIterable(scribbles.labels()).cursor();
		for (int i = 0; i < values.length; i++)
			values[i] = cursor.next().get();
		return values;
	}
}
