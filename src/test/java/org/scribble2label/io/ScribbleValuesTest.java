package org.scribble2label.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ShortProcessor;

import net.imglib2.type.numeric.integer.UnsignedShortType;

import org.scribble2label.core.Scribbles;

/**
 * Label images read in Fiji (D16, D17): sparse values are refused with how to fix them, and
 * signed 16-bit images are read as they were saved.
 */
class ScribbleValuesTest {

	@TempDir
	Path folder;

	@Test
	void valuesOneAnd255AreRefusedNotMadeInto255Classes() throws IOException {
		final Path file = folder.resolve("bg_and_255.png");
		assertTrue(new FileSaver(new ImagePlus("s", new ByteProcessor(2, 2, new byte[] { 0, 1, (byte) 255, 1 }))).saveAsPng(
			file.toString()));
		final ScribbleFileException e = assertThrows(ScribbleFileException.class, () -> ScribbleFiles.readLabelImage(file, null));
		assertTrue(e.getMessage().contains("values 1, 255 but none 2..254") && e.getMessage().contains("without gaps"),
			e.getMessage());
		// One class alone is left to the training's own message.
		Scribbles.fromLabelImage(net.imglib2.img.array.ArrayImgs.unsignedBytes(new byte[] { 0, 2 }, 2, 1), null);
	}

	@Test
	void signedSixteenBitLabelsAreReadAsSaved() throws IOException {
		final Path file = signed("signed.tif", new int[] { 0, 1, 2, 1 });
		final Scribbles read = ScribbleFiles.readLabelImage(file, null);
		final int[] values = new int[4];
		int i = 0;
		for (final UnsignedShortType t : read.labels())
			values[i++] = t.get();
		assertArrayEquals(new int[] { 0, 1, 2, 1 }, values);
		final Path negative = signed("negative.tif", new int[] { 0, 1, -1, 1 });
		final ScribbleFileException e = assertThrows(ScribbleFileException.class, () -> ScribbleFiles.readLabelImage(negative, null));
		assertTrue(e.getMessage().contains("negative value -1"), e.getMessage());
	}

	private Path signed(final String name, final int[] values) {
		final ShortProcessor p = new ShortProcessor(2, 2);
		for (int i = 0; i < values.length; i++)
			p.set(i, values[i] + 32768); // how ImageJ holds signed data
		final ImagePlus imp = new ImagePlus(name, p);
		imp.getCalibration().setSigned16BitCalibration();
		final Path file = folder.resolve(name);
		assertTrue(new FileSaver(imp).saveAsTiff(file.toString()));
		return file;
	}
}
