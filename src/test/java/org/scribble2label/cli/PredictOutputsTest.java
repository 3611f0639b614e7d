package org.scribble2label.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ByteProcessor;

import org.scribble2label.core.DeviceChoice;
import org.scribble2label.core.SyntheticImages;
import org.scribble2label.core.model.Scribble2LabelModel;
import org.scribble2label.ij.ImagePlusAdapter;
import org.scribble2label.io.ImageFiles;
import org.scribble2label.io.PredictionFiles;

/**
 * Reliability of {@code predict}'s outputs, each case from the reliability review (defects
 * D2, D4, D5, D6, D8, D9, D10, D11, D18, D24): messages and exit codes, and what is on disk.
 */
class PredictOutputsTest {

	static final String[] TINY = { "--depth", "2", "--width", "16", "--crop-size", "32", "--batch-size", "4", "--crops", "8",
		"--device", "cpu" };

	@TempDir
	static Path shared;
	static Path model;
	static SyntheticImages data;

	/** Exit code and what was printed. */
	static final class Result {
		final int code;
		final String out;

		Result(final int code, final String out) {
			this.code = code;
			this.out = out;
		}
	}

	static Result cli(final String... args) throws IOException {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		final int code = new Scribble2LabelCli(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(args);
		return new Result(code, bytes.toString(StandardCharsets.UTF_8));
	}

	static String[] concat(final String[] a, final String... b) {
		final String[] all = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return all;
	}

	@BeforeAll
	static void setUp() throws IOException {
		tinyModel(shared);
	}

	/** A tiny model trained by the command line into {@code dir}, and its synthetic image. */
	static void tinyModel(final Path dir) throws IOException {
		data = SyntheticImages.create(64, 3);
		final Path images = Files.createDirectories(dir.resolve("train"));
		save(ImagePlusAdapter.toImagePlus(data.image, "cells", null), images.resolve("cells.tif"));
		save(ImagePlusAdapter.toImagePlus(data.scribbles, "scribbles", null), images.resolve("cells_scribbles.tif"));
		model = dir.resolve("model.zip");
		final Result r = cli(concat(new String[] { "train", "--folder", images.toString(), "--model", model.toString() }, TINY));
		assertEquals(0, r.code, r.out);
	}

	static void save(final ImagePlus imp, final Path file) {
		assertTrue(file.toString().endsWith(".png") ? new FileSaver(imp).saveAsPng(file.toString())
			: imp.getStackSize() > 1 ? new FileSaver(imp).saveAsTiffStack(file.toString()) : new FileSaver(imp).saveAsTiff(file.toString()));
	}

	static ImagePlus cells(final String title) {
		return ImagePlusAdapter.toImagePlus(data.image, title, null);
	}

	static ImagePlus gradient(final int w, final int h) {
		final ByteProcessor p = new ByteProcessor(w, h);
		for (int i = 0; i < w * h; i++)
			p.set(i, (i * 37) % 256);
		return new ImagePlus("g", p);
	}

	static String[] predict(final Path input, final Path output, final String... more) {
		return concat(new String[] { "predict", "--model", model.toString(), "--input", input.toString(), "--output",
			output.toString(), "--device", "cpu" }, more);
	}

	static byte[] pixels(final Path file) throws IOException {
		final ImagePlus imp = ImageFiles.read(file);
		final ByteBuffer all = ByteBuffer.allocate(imp.getStackSize() * imp.getWidth() * imp.getHeight() * 4).order(ByteOrder.BIG_ENDIAN);
		for (int i = 1; i <= imp.getStackSize(); i++) {
			final Object p = imp.getStack().getPixels(i);
			if (p instanceof byte[]) all.put((byte[]) p);
			else if (p instanceof short[]) for (final short s : (short[]) p) all.putShort(s);
			else for (final float f : (float[]) p) all.putFloat(f);
		}
		return Arrays.copyOf(all.array(), all.position());
	}

	@Test
	void onePixelImagesArePredictedAndABadImageNeverStopsTheFolder(@TempDir final Path dir) throws IOException {
		// D2: 1x1, 1xN and Nx1 crashed predict in the reflect-101 mirror and stopped the folder.
		final Path in = Files.createDirectories(dir.resolve("mixed"));
		save(cells("a"), in.resolve("a.tif"));
		save(gradient(1, 1), in.resolve("b_tiny.tif"));
		save(gradient(40, 1), in.resolve("c_row.tif"));
		save(gradient(1, 40), in.resolve("d_col.tif"));
		Files.writeString(in.resolve("e_text.tif"), "this is not an image\n");
		save(cells("z"), in.resolve("z_last.tif"));
		final Result r = cli(predict(in, dir.resolve("out")));
		assertEquals(1, r.code, r.out);
		for (final String name : new String[] { "a", "b_tiny", "c_row", "d_col", "z_last" }) {
			assertTrue(r.out.contains("Predicted " + in.resolve(name)), r.out);
			assertEquals(PredictionFiles.State.COMPLETE, new PredictionFiles(dir.resolve("out")).state(name), name);
		}
		assertTrue(r.out.contains("Skipped " + in.resolve("e_text.tif") + ": Cannot read"), r.out);
		assertEquals(1, ImageFiles.read(dir.resolve("out/b_tiny_labels.tif")).getWidth());
		assertEquals(40, ImageFiles.read(dir.resolve("out/d_col_probabilities.tif")).getHeight());
	}

	@Test
	void sameBaseNamesGetResultsOfTheirOwn(@TempDir final Path dir) throws IOException {
		// D11: x.png's results were silently replaced by x.tif's.
		final Path in = Files.createDirectories(dir.resolve("coll"));
		save(cells("x"), in.resolve("x.tiff"));
		final ImagePlus other = gradient(64, 64);
		save(other, in.resolve("x.tif"));
		final Path out = dir.resolve("out");
		final Result r = cli(predict(in, out, "--overwrite"));
		assertEquals(0, r.code, r.out);
		final PredictionFiles files = new PredictionFiles(out);
		assertEquals(PredictionFiles.State.COMPLETE, files.state("x.tiff"));
		assertEquals(PredictionFiles.State.COMPLETE, files.state("x.tif"));
		assertEquals(PredictionFiles.State.NONE, files.state("x"));
		assertFalse(Arrays.equals(pixels(out.resolve("x.tiff_probabilities.tif")), pixels(out.resolve("x.tif_probabilities.tif"))));
	}

	@Test
	void resultsNextToTheInputsAreRefusedHoweverTheFolderIsSpelled(@TempDir final Path dir) throws IOException {
		// D10: --output ., dir/. or a symlink bypassed the guard, and --overwrite replaced the ground truth.
		final Path same = Files.createDirectories(dir.resolve("same2"));
		save(cells("img"), same.resolve("img.tif"));
		save(gradient(64, 64), same.resolve("img_mask.tif"));
		final byte[] truth = Files.readAllBytes(same.resolve("img_mask.tif"));
		final byte[] image = Files.readAllBytes(same.resolve("img.tif"));
		final Path link = Files.createSymbolicLink(dir.resolve("link"), same);
		for (final Path output : List.of(same.resolve("."), same.resolve("../same2/."), link)) {
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cli(predict(same.resolve("img.tif"),
				output, "--overwrite")));
			assertTrue(e.getMessage().startsWith("Write the results to another folder"), e.getMessage());
		}
		assertArrayEquals(truth, Files.readAllBytes(same.resolve("img_mask.tif")));
		assertFalse(Files.exists(same.resolve("img_labels.tif")));
		// A link in another folder to an input is never replaced either.
		final Path out = Files.createDirectories(dir.resolve("out"));
		Files.createSymbolicLink(out.resolve("img_labels.tif"), same.resolve("img.tif"));
		final Result r = cli(predict(same.resolve("img.tif"), out, "--overwrite"));
		assertEquals(1, r.code, r.out);
		assertTrue(r.out.contains("is one of the input images; it is never replaced"), r.out);
		assertArrayEquals(image, Files.readAllBytes(same.resolve("img.tif")), "the input is intact");
	}

	@Test
	void anImagesResultsAreAllOrNothing(@TempDir final Path dir) throws IOException {
		// D9: a ground truth NAME_mask.tif in the output folder left labels and probabilities behind, and a rerun refused.
		final Path in = Files.createDirectories(dir.resolve("in"));
		save(cells("nuclei"), in.resolve("nuclei.tif"));
		final Path out = Files.createDirectories(dir.resolve("out"));
		Files.writeString(out.resolve("nuclei_mask.tif"), "precious ground truth");
		// A temporary file of a run killed while writing (D9, and the leftover .part of the review).
		final Path stale = Files.writeString(out.resolve(".nuclei_probabilities.tif-123456.part"), "half");
		Result r = cli(predict(in, out));
		assertEquals(1, r.code, r.out);
		assertTrue(r.out.contains("Skipped " + in.resolve("nuclei.tif") + ": " + out + " holds nuclei_mask.tif but not all four " +
			"results"), r.out);
		assertEquals(List.of(out.resolve("nuclei_mask.tif")), new PredictionFiles(out).existing("nuclei"));
		assertFalse(Files.exists(stale), "stale temporary files of this image are removed");
		// Even with --overwrite a mask without labels beside it is not ours: it is never replaced.
		r = cli(predict(in, out, "--overwrite"));
		assertEquals(1, r.code, r.out);
		assertTrue(r.out.contains("not a Scribble2Label result but perhaps ground truth"), r.out);
		assertEquals("precious ground truth", Files.readString(out.resolve("nuclei_mask.tif")));
		try (java.util.stream.Stream<Path> list = Files.list(out)) {
			assertEquals(1, list.count(), "no result and no temporary file left");
		}
		// Moved away: predicted, then a rerun skips the complete image.
		Files.delete(out.resolve("nuclei_mask.tif"));
		assertEquals(0, cli(predict(in, out)).code);
		r = cli(predict(in, out));
		assertEquals(0, r.code, r.out);
		assertTrue(r.out.contains("Done already: " + in.resolve("nuclei.tif")), r.out);
		r = cli("predict", "--check", "--input", in.toString(), "--output", out.toString());
		assertEquals(0, r.code, r.out);
		assertTrue(r.out.contains("1 of 1 image(s) complete in " + out), r.out);
		// A result cut short by another program (or a full disk) is found by the check.
		final byte[] probabilities = Files.readAllBytes(out.resolve("nuclei_probabilities.tif"));
		Files.write(out.resolve("nuclei_probabilities.tif"), Arrays.copyOf(probabilities, probabilities.length / 2));
		r = cli("predict", "--check", "--input", in.toString(), "--output", out.toString());
		assertEquals(1, r.code, r.out);
		assertTrue(r.out.contains("Missing " + in.resolve("nuclei.tif") + ": nuclei_probabilities.tif (damaged)"), r.out);
		assertTrue(r.out.contains("0 of 1 image(s) complete, 1 missing or incomplete"), r.out);
	}

	@Test
	void aFailingRunLeavesNoFolderAndAnUnwritableOutputIsFoundFirst(@TempDir final Path dir) throws IOException {
		final Path in = Files.createDirectories(dir.resolve("in"));
		save(cells("a"), in.resolve("a.tif"));
		// D24: a bad model used to leave the new, empty output folder behind.
		final Path badModel = Files.writeString(dir.resolve("bad.zip"), "not a model");
		final Path out = dir.resolve("new/out");
		assertThrows(IOException.class, () -> cli("predict", "--model", badModel.toString(), "--input", in.toString(),
			"--output", out.toString()));
		assertFalse(Files.exists(dir.resolve("new")), "the folders this run created are removed again");
		// D18: an output folder that cannot be written is refused before any prediction.
		final Path file = Files.writeString(dir.resolve("a file"), "x");
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cli(predict(in, file.resolve("out"))));
		assertTrue(e.getMessage().startsWith("Cannot create the output folder"), e.getMessage());
		final IllegalArgumentException f = assertThrows(IllegalArgumentException.class, () -> cli(predict(in, file)));
		assertTrue(f.getMessage().contains("is a file, not a folder"), f.getMessage());
	}

	@Test
	void damagedAndHugeTiffsAreRefusedBeforeReading(@TempDir final Path dir) throws IOException {
		final Path in = Files.createDirectories(dir.resolve("bad"));
		// D4: 222 bytes that claim 100000 x 100000 pixels.
		Files.write(in.resolve("huge.tif"), tiffHeader(100000, 100000, 100));
		// D5: the second half of a TIFF missing.
		save(cells("trunc"), dir.resolve("full.tif"));
		final byte[] full = Files.readAllBytes(dir.resolve("full.tif"));
		Files.write(in.resolve("trunc.tif"), Arrays.copyOf(full, full.length / 2));
		// D24: a header-only 0 x 0 TIFF made ImageJ print "FileInfo parameter error" on standard output.
		Files.write(in.resolve("zero.tif"), tiffHeader(0, 0, 1));
		final PrintStream stdout = System.out;
		final ByteArrayOutputStream captured = new ByteArrayOutputStream();
		final Result r;
		try {
			System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
			r = cli(predict(in, dir.resolve("out")));
		}
		finally {
			System.setOut(stdout);
		}
		assertEquals(1, r.code, r.out);
		assertTrue(r.out.contains("huge.tif: it is 100000 x 100000 pixels and needs 9.3 GB of memory, but only"), r.out);
		assertTrue(r.out.contains("Give Java more memory (java -Xmx"), r.out);
		assertTrue(r.out.contains("trunc.tif: the file has " + full.length / 2 + " bytes but its header places pixels up to byte"),
			r.out);
		assertTrue(r.out.contains("so it is truncated or damaged"), r.out);
		assertTrue(r.out.contains("zero.tif: its header says the image is 0 x 0 pixels"), r.out);
		assertEquals("", captured.toString(StandardCharsets.UTF_8), "nothing of ImageJ's own on standard output");
		assertFalse(Files.exists(dir.resolve("out")), "nothing written, no folder left");
	}

	@Test
	void predictionMemoryIsCheckedBeforeAnyWork() {
		// D8: 8192² at -Xmx1g died after minutes; the check says what is needed up front.
		final IOException e = assertThrows(IOException.class, () -> PredictionFiles.requireMemory("big.png", 300000, 300000, 1, 2, 0));
		assertTrue(e.getMessage().startsWith("Predicting big.png (300000 x 300000 pixels, 2 classes) needs about "), e.getMessage());
		assertTrue(e.getMessage().contains("Give Java more memory (java -Xmx"), e.getMessage());
		assertEquals(8192L * 8192 * (4 * 2 + 2 + 30 + 4), PredictionFiles.memoryNeeded(8192, 8192, 1, 2, 0));
		// A colour image given to a model of three channels: its float copy of R, G and B comes on top.
		assertEquals(8192L * 8192 * (4 * 2 + 2 + 30 + 4 + 12), PredictionFiles.memoryNeeded(8192, 8192, 1, 2, 12));
	}

	@Test
	void aZStackIsSlicesNotChannels(@TempDir final Path dir) throws IOException {
		// D6: a 3-slice stack trained a 3-channel model that then refused the stack.
		final Path in = Files.createDirectories(dir.resolve("stack"));
		final ImageStack images = new ImageStack(64, 64), scribbles = new ImageStack(64, 64);
		final ImagePlus image = cells("s"), scribble = ImagePlusAdapter.toImagePlus(data.scribbles, "sc", null);
		for (int z = 0; z < 3; z++) {
			images.addSlice(image.getProcessor().duplicate());
			scribbles.addSlice(z == 1 ? scribble.getProcessor().createProcessor(64, 64) : scribble.getProcessor().duplicate());
		}
		save(new ImagePlus("zstack", images), in.resolve("zstack.tif"));
		save(new ImagePlus("zstack scribbles", scribbles), in.resolve("zstack_scribbles.tif"));
		final Path stackModel = dir.resolve("stack.zip");
		Result r = cli(concat(new String[] { "train", "--folder", in.toString(), "--model", stackModel.toString() }, TINY));
		assertEquals(0, r.code, r.out);
		try (Scribble2LabelModel m = Scribble2LabelModel.load(stackModel, DeviceChoice.CPU)) {
			assertEquals(1, m.spec().inputChannels(), "slices are separate training images of one channel");
		}
		r = cli("predict", "--model", stackModel.toString(), "--input", in.resolve("zstack.tif").toString(), "--output",
			dir.resolve("out").toString(), "--device", "cpu");
		assertEquals(0, r.code, r.out);
		assertEquals(3, ImageFiles.read(dir.resolve("out/zstack_labels.tif")).getStackSize());
		assertEquals(6, ImageFiles.read(dir.resolve("out/zstack_probabilities.tif")).getStackSize());
		// 2D scribbles on a stack: a message, not a 3-channel model.
		save(scribble, dir.resolve("flat_scribbles.tif"));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cli(concat(new String[] { "train",
			"--image", in.resolve("zstack.tif").toString(), "--scribbles", dir.resolve("flat_scribbles.tif").toString(), "--model",
			dir.resolve("no.zip").toString() }, TINY)));
		assertTrue(e.getMessage().contains("has 3 slice(s) but the scribbles have 1") &&
			e.getMessage().contains("A stack's slices are separate images"), e.getMessage());
	}

	/** A little-endian TIFF header claiming w x h 8-bit pixels, with {@code data} bytes of pixels. */
	static byte[] tiffHeader(final int w, final int h, final int data) {
		final int[][] entries = { { 256, 4, w }, { 257, 4, h }, { 258, 3, 8 }, { 259, 3, 1 }, { 262, 3, 1 },
			{ 273, 4, 8 + 2 + 12 * 9 + 4 }, { 277, 3, 1 }, { 278, 4, h }, { 279, 4, data } };
		final ByteBuffer b = ByteBuffer.allocate(8 + 2 + 12 * entries.length + 4 + data).order(ByteOrder.LITTLE_ENDIAN);
		b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8).putShort((short) entries.length);
		for (final int[] e : entries) {
			b.putShort((short) e[0]).putShort((short) e[1]).putInt(1);
			if (e[1] == 3) b.putShort((short) e[2]).putShort((short) 0);
			else b.putInt(e[2]);
		}
		b.putInt(0);
		return b.array();
	}
}
