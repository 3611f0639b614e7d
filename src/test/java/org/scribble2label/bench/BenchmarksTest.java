package org.scribble2label.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;

import org.scribble2label.core.Length;
import org.scribble2label.core.SyntheticImages;
import org.scribble2label.core.TrainingConfig;
import org.scribble2label.core.TrainingOptions;
import org.scribble2label.core.train.TrainingListener;

/**
 * The accuracy and per-image benchmarks end to end on a tiny DSB-like folder of synthetic
 * images: every method trains, is scored on val and lands in the table; the per-image protocol
 * runs from scratch and from a starter model.
 */
class BenchmarksTest {

	private static final TrainingConfig TINY = SyntheticImages.tinyConfig().trainingLength(Length.crops(480))
		.warmup(Length.crops(160)).ensemblePeriod(Length.crops(80)).build();

	@Test
	void accuracyTableAndPerImageProtocol(@TempDir final Path folder) throws IOException, InterruptedException {
		writeSamples(Files.createDirectories(folder.resolve("train")), 3, 100);
		writeSamples(Files.createDirectories(folder.resolve("val")), 2, 200);
		final Path models = Files.createDirectories(folder.resolve("models"));

		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		new AccuracyBenchmark(new PrintStream(bytes, true, StandardCharsets.UTF_8), new TrainingListener() {}).pseudoLabelQuality(true).run(folder,
			List.of("s2l", "pce", "pl", "full"), List.of(0.5), TINY, 42, 0, 0, models);
		final String table = bytes.toString(StandardCharsets.UTF_8);

		assertTrue(table.contains("3 train and 2 val images"), table);
		assertEquals(1, ensembleUpdates(table, "pce\t50%") + 1, "pce trains on scribbles alone:\n" + table);
		assertTrue(ensembleUpdates(table, "s2l\t50%") >= 1, "s2l updates its ensemble:\n" + table);
		assertTrue(meanIoU(table, "full\tmasks") > 0.6, "full supervision segments easy discs:\n" + table);
		// One line per pass of s2l's ensemble (pce, pl and full have none), with precisions that are fractions.
		assertTrue(table.matches("(?s).*crops drawn uniformly: [0-9.]+% of crops without scribbles.*"), table);
		final List<String> quality = table.lines().filter(l -> l.contains("pseudo-labels at pass")).collect(java.util.stream.Collectors.toList());
		assertEquals(ensembleUpdates(table, "s2l\t50%"), quality.size(), table);
		for (final String line : quality)
			assertTrue(line.matches(".*foreground precision ((0|1)\\.\\d{3}|NaN), background precision (0|1)\\.\\d{4}.*"), line);
		// Each method's val predictions: where their wrong pixels lie.
		assertEquals(4, table.lines().filter(l -> l.matches("  val predictions against the val masks: (\\d+\\.\\d|NaN)% of wrong pixels.*")).count(), table);
		for (final String m : List.of("s2l", "pce", "pl", "full"))
			assertTrue(table.contains("| " + m + " | "), "a table row for " + m + ":\n" + table);
		for (final String model : List.of("s2l-50.zip", "pce-50.zip", "pl-50.zip", "full-masks.zip"))
			assertTrue(Files.isRegularFile(models.resolve(model)), model);

		final String scratch = perImage(folder, tiny().set(TrainingOptions.Option.START, "none"));
		assertTrue(scratch.contains("start none"), scratch);
		assertEquals(2, scratch.lines().filter(l -> l.startsWith("val-")).count(), scratch);
		assertTrue(scratch.contains("mean of 2 images"), scratch);
		final String tuned = perImage(folder, new TrainingOptions().set(TrainingOptions.Option.START,
			models.resolve("full-masks.zip").toString()).set(TrainingOptions.Option.CROPS, 96));
		assertTrue(tuned.contains("start " + models.resolve("full-masks.zip")), tuned);
		assertTrue(meanIoU(tuned, "mean of 2 images") > 0.6, "fine-tuning a good model keeps it good:\n" + tuned);
		assertTrue(tuned.lines().filter(l -> l.startsWith("val-")).allMatch(l -> l.endsWith("full-masks.zip")),
			"each row names its start:\n" + tuned);
	}

	/** The defaults of Train from Scribbles: the built-in starter for dark-background grey images. */
	@Test
	void perImageProtocolWithFijisDefaults(@TempDir final Path folder) throws IOException, InterruptedException {
		writeSamples(Files.createDirectories(folder.resolve("val")), 1, 300);
		final String defaults = perImage(folder, new TrainingOptions());
		assertTrue(defaults.contains("start auto"), defaults);
		assertTrue(defaults.lines().filter(l -> l.startsWith("val-")).allMatch(l -> l.endsWith("\tfluorescence")),
			"the fluorescence starter for grey nuclei on a dark background:\n" + defaults);
		assertTrue(meanIoU(defaults, "mean of 1 images") > 0.6, defaults);
		assertTrue(defaults.matches("(?s).*first preview [0-9.]+ s.*"), defaults);
	}

	private static TrainingOptions tiny() {
		return new TrainingOptions().set(TrainingOptions.Option.DEPTH, 2).set(TrainingOptions.Option.WIDTH, 16)
			.set(TrainingOptions.Option.CROP_SIZE, 32).set(TrainingOptions.Option.BATCH_SIZE, 4)
			.set(TrainingOptions.Option.CROPS, 480).set(TrainingOptions.Option.WARMUP, 160)
			.set(TrainingOptions.Option.ENSEMBLE_PERIOD, 80).set(TrainingOptions.Option.LEARNING_RATE, 5e-3)
			.set(TrainingOptions.Option.SEED, 7);
	}

	private static String perImage(final Path data, final TrainingOptions options) throws IOException, InterruptedException {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		new PerImageBenchmark(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(data, 0.5, options, 1);
		return bytes.toString(StandardCharsets.UTF_8);
	}

	/** The first score (IoU) of the line that starts with {@code prefix}. */
	private static double meanIoU(final String output, final String prefix) {
		final String line = output.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(
			"no line '" + prefix + "' in\n" + output));
		return Double.parseDouble(line.substring(prefix.length()).trim().split("\t")[0]);
	}

	private static int ensembleUpdates(final String output, final String prefix) {
		final String line = output.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(
			"no line '" + prefix + "' in\n" + output));
		final Matcher m = Pattern.compile("(\\d+) ensemble updates?").matcher(line);
		assertTrue(m.find(), line);
		return Integer.parseInt(m.group(1));
	}

	/** DSB layout: NAME.png (8-bit) and NAME_mask.png (instance labels; here one label per image). */
	private static void writeSamples(final Path folder, final int count, final long seed) {
		for (int i = 0; i < count; i++) {
			final SyntheticImages s = SyntheticImages.create(64, seed + i);
			final ByteProcessor image = new ByteProcessor(64, 64), mask = new ByteProcessor(64, 64);
			final float[] pixels = s.image.update(null).getCurrentStorageArray();
			final byte[] truth = s.mask.update(null).getCurrentStorageArray();
			for (int p = 0; p < pixels.length; p++) {
				image.set(p, Math.max(0, Math.min(255, Math.round(pixels[p]))));
				mask.set(p, truth[p]);
			}
			final String name = (folder.getFileName().toString().equals("val") ? "val-" : "train-") + i;
			new FileSaver(new ImagePlus(name, image)).saveAsPng(folder.resolve(name + ".png").toString());
			new FileSaver(new ImagePlus(name, mask)).saveAsPng(folder.resolve(name + "_mask.png").toString());
		}
	}
}
