package org.scribble2label.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ShortProcessor;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.scribble2label.core.DeviceChoice;
import org.scribble2label.core.SyntheticImages;
import org.scribble2label.core.TrainingConfig;
import org.scribble2label.core.image.PercentileNormalization;
import org.scribble2label.core.model.DjlRuntime;
import org.scribble2label.core.model.Scribble2LabelModel;
import org.scribble2label.core.model.TrainingRecord;
import org.scribble2label.core.model.UNet;
import org.scribble2label.core.model.UNetSpec;
import org.scribble2label.ij.ImagePlusAdapter;
import org.scribble2label.io.ImageFiles;

/**
 * Hostile arguments and inputs of the command line (reliability review, D12–D23, D16, D17):
 * each gets a one-sentence message on stderr naming what is wrong, and exit code 1.
 */
class CliArgumentsTest {

	/** A small network that stays finite on a CPU (narrower ones can turn to NaN). */
	private static final String[] T2 = { "--depth", "2", "--width", "16", "--crop-size", "32", "--batch-size", "4",
		"--crops", "8", "--device", "cpu" };

	private static final class Result {
		final int code;
		final String out, err;

		Result(final int code, final String out, final String err) {
			this.code = code;
			this.out = out;
			this.err = err;
		}

		@Override
		public String toString() {
			return "exit " + code + "\nstdout: " + out + "\nstderr: " + err;
		}
	}

	private static Result cli(final String... args) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		final int code = Scribble2LabelCli.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
			new PrintStream(err, true, StandardCharsets.UTF_8), new Interruption(null));
		return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	/** Exit code 1 and one line on stderr, "Error: " and a sentence holding every fragment; no stack trace. */
	private static Result fails(final String[] args, final String... fragments) {
		final Result r = cli(args);
		assertEquals(1, r.code, r.toString());
		final String line = r.err.trim();
		assertTrue(line.startsWith("Error: ") && !line.contains("\n") && line.endsWith(".") && !line.contains("Exception"),
			r.toString());
		for (final String f : fragments)
			assertTrue(line.contains(f), "missing '" + f + "' in " + r);
		return r;
	}

	private static String[] args(final String... args) {
		return args;
	}

	private static String[] concat(final String[] a, final String... b) {
		final String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return all;
	}

	@Test
	void unknownOptionsAreErrorsNamingCloseOnes() {
		fails(args("train", "--image", "a.png", "--scribbles", "b.png", "--model", "m.zip", "--crop", "50"),
			"Unknown option --crop for train", "--crops", "--crop-size");
		fails(args("train", "--model", "m.zip", "--bogus-option", "1"), "Unknown option --bogus-option");
		fails(args("predict", "--model", "m.zip", "--input", "x", "--output", "o", "--crops", "5"), "Unknown option --crops for predict");
	}

	@Test
	void anOptionWithoutItsValueIsAnError(@TempDir final Path folder) {
		fails(args("train", "--image", "a.png", "--scribbles", "b.png", "--model", "--crops", "8"), "Option --model needs a value");
		fails(args("train", "--image", "a.png", "--scribbles", "b.png", "--model", "m.zip", "--crops"), "Option --crops needs a value");
		fails(args("train", "--model", "m.zip", "--seed", "--crops", "8"), "Option --seed needs a value");
		assertFalse(Files.exists(Path.of("true")), "no model named 'true'");
	}

	@Test
	void numbersAreCheckedNamingTheOption() {
		fails(args("train", "--model", "m.zip", "--seed", "abc"), "--seed", "whole number", "'abc'");
		fails(args("train", "--model", "m.zip", "--learning-rate", "1e-3x"), "--learning-rate", "'1e-3x'");
		fails(args("train", "--model", "m.zip", "--learning-rate", "Infinity"), "--learning-rate", "finite");
		fails(args("train", "--model", "m.zip", "--threads", "0"), "--threads", "at least 1");
		fails(args("train", "--model", "m.zip", "--threads", "-1"), "--threads", "at least 1");
		fails(args("train", "--model", "m.zip", "--threads", "abc"), "--threads", "'abc'");
		fails(args("train", "--model", "m.zip", "--depth", "0"), "--depth", "at least 1");
		fails(args("bench", "--steps", "-1"), "--steps", "at least 1, not -1");
		fails(args("bench-predict", "--size", "abc"), "--size", "'abc'");
		fails(args("train", "--model", "m.zip", "--device", "foo"), "--device", "auto, cpu, gpu", "'foo'");
	}

	@Test
	void aHugeLearningRateIsRefusedByTheConfiguration(@TempDir final Path folder) {
		fails(args("demo", "--out", folder.toString(), "--learning-rate", "1e6"), "learning rate", "at most 1");
		assertThrows(IllegalArgumentException.class, () -> new TrainingConfig.Builder().learningRate(Double.POSITIVE_INFINITY));
		assertThrows(IllegalArgumentException.class, () -> new TrainingConfig.Builder().learningRate(Double.NaN));
		assertThrows(IllegalArgumentException.class, () -> DjlRuntime.setCpuThreads(0));
	}

	@Test
	void anExistingFileAsOutputFolderIsSaidInASentence(@TempDir final Path folder) throws IOException {
		final Path file = Files.writeString(folder.resolve("existing.txt"), "keep me");
		fails(args("predict", "--model", "m.zip", "--input", "x.png", "--output", file.toString()), file.toString(),
			"already exists and is a file, not a folder");
		fails(args("demo", "--out", file.toString(), "--crops", "8"), "already exists and is a file, not a folder");
		assertEquals("keep me", Files.readString(file));
	}

	@Test
	void aModelPathThatIsAFolderIsRefusedBeforeTraining(@TempDir final Path folder) throws IOException {
		final Path dir = Files.createDirectories(folder.resolve("emptydir_model.zip"));
		fails(args("train", "--image", "a.png", "--scribbles", "b.png", "--model", dir.toString(), "--overwrite"),
			"is a folder", "give --model a file name");
	}

	@Test
	void aGpuThatIsNotThereIsOneLine(@TempDir final Path folder) {
		assumeFalse(DjlRuntime.device(DeviceChoice.AUTO).isGpu(), "this machine has a GPU");
		fails(args("predict", "--model", "m.zip", "--input", "x.png", "--output", folder.resolve("o").toString(), "--device",
			"gpu"), "GPU was requested");
	}

	@Test
	void evaluateSkipsAWrongSizeGroundTruthByNameAndScoresTheOthers(@TempDir final Path folder) throws IOException {
		final Path model = untrainedModel(folder);
		final SyntheticImages data = SyntheticImages.create(64, 3);
		final Path ev = Files.createDirectories(folder.resolve("ev"));
		save(ImagePlusAdapter.toImagePlus(data.image, "a", null), ev.resolve("a.tif"));
		save(ImagePlusAdapter.toImagePlus(data.mask, "a_mask", null), ev.resolve("a_mask.tif"));
		save(ImagePlusAdapter.toImagePlus(data.image, "b", null), ev.resolve("b.tif"));
		save(new ImagePlus("b_mask", new ByteProcessor(50, 50)), ev.resolve("b_mask.tif"));
		final Result r = cli("evaluate", "--model", model.toString(), "--folder", ev.toString(), "--device", "cpu");
		assertEquals(1, r.code, r.toString());
		assertTrue(r.out.contains("Skipped b.tif: its ground truth b_mask.tif is 50 x 50 pixels, the image 64 x 64."), r.toString());
		assertTrue(r.out.contains("a.tif\t") && r.out.contains("mean of 1 images\t"), r.toString());
	}

	/** D7, in process: a stop asked for (as the shutdown hook does) ends a prediction run, not just one image. */
	@Test
	void aStopEndsAPredictionRun(@TempDir final Path folder) throws IOException {
		final Path model = untrainedModel(folder);
		final Path images = Files.createDirectories(folder.resolve("images"));
		for (final String name : new String[] { "a.tif", "b.tif" })
			save(new ImagePlus(name, new ByteProcessor(64, 48)), images.resolve(name));
		final Interruption interruption = new Interruption(null);
		interruption.request();
		final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		final int code = Scribble2LabelCli.execute(new String[] { "predict", "--model", model.toString(), "--input", images.toString(),
			"--output", folder.resolve("out").toString(), "--device", "cpu" }, new PrintStream(out, true, StandardCharsets.UTF_8),
			new PrintStream(err, true, StandardCharsets.UTF_8), interruption);
		assertEquals(130, code, out + " / " + err);
		assertEquals("Stopped: images not yet predicted were left out.", err.toString(StandardCharsets.UTF_8).trim());
		assertFalse(out.toString(StandardCharsets.UTF_8).contains("Skipped"), out.toString(StandardCharsets.UTF_8));
	}

	/** D21: the message for a two-channel image names the option, and the option exists. */
	@Test
	void aOneChannelModelPredictsAChosenChannel(@TempDir final Path folder) throws IOException {
		final Path model = untrainedModel(folder);
		final ij.ImageStack stack = new ij.ImageStack(64, 48);
		stack.addSlice(new ByteProcessor(64, 48));
		stack.addSlice(new ByteProcessor(64, 48));
		final ImagePlus twoChannels = new ImagePlus("c2", stack);
		twoChannels.setDimensions(2, 1, 1);
		final Path input = folder.resolve("c2.tif");
		save(twoChannels, input);
		final Result all = cli("predict", "--model", model.toString(), "--input", input.toString(), "--output",
			folder.resolve("all").toString(), "--device", "cpu");
		assertEquals(1, all.code, all.toString());
		assertTrue(all.out.contains("add --channel N"), all.toString());
		final Result second = cli("predict", "--model", model.toString(), "--input", input.toString(), "--output",
			folder.resolve("second").toString(), "--device", "cpu", "--channel", "2");
		assertEquals(0, second.code, second.toString());
		assertTrue(Files.isRegularFile(folder.resolve("second/c2_labels.tif")), second.toString());
	}

	@Test
	void scribbleValuesOneAnd255AreRefusedWithAFix(@TempDir final Path folder) throws IOException {
		final SyntheticImages data = SyntheticImages.create(64, 3);
		final Path image = folder.resolve("cells.tif");
		save(ImagePlusAdapter.toImagePlus(data.image, "cells", null), image);
		final ImagePlus scribbles = ImagePlusAdapter.toImagePlus(data.scribbles, "s", null);
		final ByteProcessor bytes = new ByteProcessor(64, 64);
		for (int i = 0; i < 64 * 64; i++)
			bytes.set(i, scribbles.getProcessor().get(i) == 2 ? 255 : scribbles.getProcessor().get(i));
		final Path s = folder.resolve("bg_and_255.tif");
		save(new ImagePlus("s", bytes), s);
		final Path model = folder.resolve("m.zip");
		fails(concat(args("train", "--image", image.toString(), "--scribbles", s.toString(), "--model", model.toString()), T2),
			"values 1, 255 but none 2..254", "1 for background, 2, 3");
		assertFalse(Files.exists(model));
	}

	@Test
	void signedSixteenBitScribblesAreReadAsSaved(@TempDir final Path folder) throws IOException {
		final SyntheticImages data = SyntheticImages.create(64, 3);
		final Path image = folder.resolve("cells.tif");
		save(ImagePlusAdapter.toImagePlus(data.image, "cells", null), image);
		final ImagePlus scribbles = ImagePlusAdapter.toImagePlus(data.scribbles, "s", null);
		final Path ok = folder.resolve("signed_ok.tif"), negative = folder.resolve("neg_s16.tif");
		saveSigned(scribbles, 0, ok);
		saveSigned(scribbles, -1, negative);
		final ImagePlus reread = ImageFiles.read(ok);
		assertTrue(reread.getCalibration().isSigned16Bit(), "the file is signed 16-bit");
		final Path model = folder.resolve("m.zip");
		final Result r = cli(concat(args("train", "--image", image.toString(), "--scribbles", ok.toString(), "--model",
			model.toString()), T2));
		assertEquals(0, r.code, r.toString());
		assertTrue(Files.isRegularFile(model));
		fails(concat(args("train", "--image", image.toString(), "--scribbles", negative.toString(), "--model",
			folder.resolve("n.zip").toString()), T2), "neg_s16.tif holds the negative value -1");
	}

	/** The scribbles as signed 16-bit; {@code unscribbled} is written where they are 0. */
	private static void saveSigned(final ImagePlus scribbles, final int unscribbled, final Path file) {
		final ShortProcessor signed = new ShortProcessor(64, 64);
		for (int i = 0; i < 64 * 64; i++) {
			final int v = scribbles.getProcessor().get(i);
			signed.set(i, (v == 0 ? unscribbled : v) + 32768); // ImageJ's coding of signed data
		}
		final ImagePlus imp = new ImagePlus("signed", signed);
		imp.getCalibration().setSigned16BitCalibration();
		save(imp, file);
	}

	/** A randomly initialised model (finite, no training): enough for the paths of evaluate. */
	private static Path untrainedModel(final Path folder) throws IOException {
		final UNetSpec spec = new UNetSpec(2, 4, 1, 2);
		final UNet network = new UNet(spec);
		final NDManager manager = DjlRuntime.engine().newBaseManager(ai.djl.Device.cpu());
		network.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 32, 32));
		final Path file = folder.resolve("untrained.zip");
		try (Scribble2LabelModel model = new Scribble2LabelModel(spec, network, manager, List.of("background", "foreground"),
			new PercentileNormalization(1, 99.8), new TrainingConfig.Builder().depth(2).baseWidth(4).cropSize(32).tileSize(64)
				.build(), new TrainingRecord(true, 8, 8, 2, 0, 1, "CPU", List.of("x"), "now")))
		{
			model.save(file, false);
		}
		return file;
	}

	private static void save(final ImagePlus imp, final Path file) {
		assertTrue(new FileSaver(imp).saveAsTiff(file.toString()));
	}
}
