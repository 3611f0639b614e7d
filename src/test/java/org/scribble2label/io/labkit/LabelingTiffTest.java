package org.scribble2label.io.labkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scribble2label.io.labkit.LabelingTestData.assertSameLabels;
import static org.scribble2label.io.labkit.LabelingTestData.scribbles;
import static org.scribble2label.io.labkit.LabelingTestData.values;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.scribble2label.core.Scribbles;
import org.scribble2label.io.ImageFiles;
import org.scribble2label.io.ScribbleFileException;

class LabelingTiffTest {

	@TempDir
	Path folder;

	@Test
	void roundTripEightBit() throws IOException {
		final Scribbles written = scribbles(new int[] { 0, 1, 2, 3, 0, 0, 2, 1 }, List.of("background", "foreground",
			"Zelle \u00e4", "unused"), 4, 2);
		final Path tiff = folder.resolve("labels.tif");
		LabelingTiff.write(written, tiff, new PixelCalibration(0.5, 0.5, 1, "\u00b5m"), false);
		assertEquals("{\"labelSets\":[[],[\"background\"],[\"foreground\"],[\"Zelle \\u00e4\"],[\"unused\"]]}",
			Files.readString(LabelingTiff.labelSetsPath(tiff)).trim());
		final ImagePlus imp = ImageFiles.read(tiff);
		assertEquals(ImagePlus.GRAY8, imp.getType());
		assertEquals(0.5, imp.getCalibration().pixelWidth);
		final Scribbles read = LabelingTiff.read(tiff, new long[] { 4, 2 });
		assertSameLabels(written, read);
		assertEquals(written.classNames(), read.classNames());
		assertEquals(List.of(), read.warnings());
	}

	@Test
	void roundTripSixteenBitStack() throws IOException {
		final List<String> names = new ArrayList<>();
		names.add("background");
		for (int c = 1; c < 300; c++)
			names.add("cell " + c);
		final int[] values = new int[3 * 2 * 4];
		for (int i = 0; i < values.length; i++)
			values[i] = i * 13;
		final Scribbles written = scribbles(values, names, 3, 2, 4);
		final Path tiff = folder.resolve("many.tif");
		LabelingTiff.write(written, tiff, null, false);
		assertEquals(ImagePlus.GRAY16, ImageFiles.read(tiff).getType());
		final Scribbles read = LabelingTiff.read(tiff);
		assertSameLabels(written, read);
		assertEquals(names, read.classNames());
	}

	@Test
	void refusesToOverwriteUnlessAllowed() throws IOException {
		final Scribbles scribbles = scribbles(new int[] { 1, 2 }, List.of("background", "foreground"), 2, 1);
		final Path tiff = folder.resolve("existing.tif");
		Files.writeString(LabelingTiff.labelSetsPath(tiff), "{}");
		final IOException e = assertThrows(IOException.class, () -> LabelingTiff.write(scribbles, tiff, null, false));
		assertTrue(e.getMessage().contains("already exists"), e.getMessage());
		assertTrue(Files.notExists(tiff), "nothing written when one of the two files exists");
		LabelingTiff.write(scribbles, tiff, null, true);
		assertSameLabels(scribbles, LabelingTiff.read(tiff));
	}

	@Test
	void labelsPathIsNextToTheTiff() {
		assertEquals(Paths.get("/data/a.tif.labels"), LabelingTiff.labelSetsPath(Paths.get("/data/a.tif")));
	}

	/** As Labkit may save it: 32-bit values, label sets in its own order, an overlap set. */
	@Test
	void readsLabelSetsWithOverlapsAndAnyOrder() throws IOException {
		final Path tiff = tiff("labkit.tif", new FloatProcessor(5, 1, new float[] { 0, 1, 2, 3, 4 }));
		Files.writeString(LabelingTiff.labelSetsPath(tiff), "{\"labelSets\":[[],[\"foreground\"],[\"background\"]," +
			"[\"foreground\",\"background\"],[\"Label 1\"]],\"note\":1}");
		final Scribbles read = LabelingTiff.read(tiff);
		assertEquals(List.of("background", "foreground", "Label 1"), read.classNames());
		assertArrayEquals(new int[] { 0, 2, 1, 0, 3 }, values(read));
		assertEquals(1, read.warnings().size());
		assertTrue(read.warnings().get(0).startsWith("1 pixel(s) carry more than one label (e.g. [foreground, " +
			"background])"), read.warnings().get(0));
	}

	@Test
	void takesTheFirstLabelAsBackgroundWhenNoneIsNamedSo() throws IOException {
		final Path tiff = tiff("named.tif", new ByteProcessor(2, 1, new byte[] { 2, 1 }));
		Files.writeString(LabelingTiff.labelSetsPath(tiff), "{\"labelSets\":[[],[\"cytoplasm\"],[\"nucleus\"]]}");
		final Scribbles read = LabelingTiff.read(tiff);
		assertEquals(List.of("cytoplasm", "nucleus"), read.classNames());
		assertArrayEquals(new int[] { 2, 1 }, values(read));
		assertTrue(read.warnings().get(0).contains("first label \"cytoplasm\" is taken as the background"));
	}

	@Test
	void withoutLabelSetsTheTiffIsAPlainLabelImage() throws IOException {
		final Path tiff = tiff("plain.tif", new ByteProcessor(3, 1, new byte[] { 0, 1, 2 }));
		final Scribbles read = LabelingTiff.read(tiff, new long[] { 3, 1 });
		assertEquals(List.of("background", "foreground"), read.classNames());
		assertArrayEquals(new int[] { 0, 1, 2 }, values(read));
		assertThrows(LabelingFormatException.class, () -> LabelingTiff.read(tiff, new long[] { 4, 1 }));
	}

	@Test
	void messageForFirstSetNotEmpty() throws IOException {
		final Path tiff = tiff("first.tif", new ByteProcessor(1, 1));
		Files.writeString(LabelingTiff.labelSetsPath(tiff), "{\"labelSets\":[[\"background\"],[\"foreground\"]]}");
		assertMessage(tiff, "first label set (pixel value 0) must be empty [] but is [background]");
	}

	@Test
	void messageForValuesWithoutLabelSet() throws IOException {
		final Path tiff = tiff("beyond.tif", new ByteProcessor(2, 1, new byte[] { 1, 7 }));
		Files.writeString(LabelingTiff.labelSetsPath(tiff), "{\"labelSets\":[[],[\"background\"]]}");
		assertMessage(tiff, "pixel value 7.0", "only 2 label sets", "do not belong together");
	}

	@Test
	void messageForDamagedLabelSets() throws IOException {
		final Path tiff = tiff("damaged.tif", new ByteProcessor(1, 1));
		final Path labels = LabelingTiff.labelSetsPath(tiff);
		Files.writeString(labels, "");
		assertMessage(tiff, "the file is empty");
		Files.writeString(labels, "{\"labelSets\":[[],[\"background\"]");
		assertMessage(tiff, "ends too early");
		Files.writeString(labels, "{\"labelSets\":[[]],\"labelSets\":[[]]}");
		assertMessage(tiff, "\"labelSets\" appears twice");
		Files.writeString(labels, "{\"labelSets\":[[],[1]]}");
		assertMessage(tiff, "a label name should be a string but is a number");
		Files.writeString(labels, "{\"sets\":[]}");
		assertMessage(tiff, "no \"labelSets\"");
		Files.writeString(labels, "{\"labelSets\":[[]]}");
		assertMessage(tiff, "it names no labels");
	}

	@Test
	void messageForSizeMismatch() throws IOException {
		final Path tiff = tiff("small.tif", new ByteProcessor(10, 8));
		Files.writeString(LabelingTiff.labelSetsPath(tiff), "{\"labelSets\":[[],[\"background\"]]}");
		final LabelingFormatException e = assertThrows(LabelingFormatException.class, () -> LabelingTiff.read(tiff,
			new long[] { 20, 16 }));
		assertTrue(e.getMessage().contains("the labeling is 10 x 8 but the image is 20 x 16"), e.getMessage());
		assertTrue(e.getMessage().contains("1/2 of the image's resolution"), e.getMessage());
	}

	private static void assertMessage(final Path tiff, final String... parts) {
		final ScribbleFileException e = assertThrows(ScribbleFileException.class, () -> LabelingTiff.read(tiff));
		for (final String part : parts)
			assertTrue(e.getMessage().contains(part), "'" + part + "' missing in: " + e.getMessage());
	}

	private Path tiff(final String name, final ij.process.ImageProcessor processor) throws IOException {
		final Path file = folder.resolve(name);
		ImageFiles.writeTiff(new ImagePlus(name, processor), file, false);
		return file;
	}
}
