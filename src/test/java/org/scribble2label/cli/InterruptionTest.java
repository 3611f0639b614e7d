package org.scribble2label.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;

import org.scribble2label.core.DeviceChoice;
import org.scribble2label.core.SyntheticImages;
import org.scribble2label.core.model.Scribble2LabelModel;
import org.scribble2label.ij.ImagePlusAdapter;

/**
 * SIGTERM (what {@link Process#destroy()} sends, and what Ctrl-C amounts to) during a training
 * in a separate JVM (D7): the JVM must not crash inside libtorch (no fatal error report, no
 * hs_err file), exits with the signal's code 143, and keeps a model only when asked to.
 */
class InterruptionTest {

	@Test
	void sigtermDuringTrainingStopsWithoutACrashAndKeepsNothing(@TempDir final Path folder) throws Exception {
		final Path model = folder.resolve("m.zip");
		final String output = trainAndTerminate(folder, model, false);
		assertTrue(output.contains("Stopping ..."), output);
		assertFalse(Files.exists(model), "no model unless asked");
		assertTrue(output.contains("nothing was saved"), output);
	}

	@Test
	void sigtermWithKeepOnInterruptSavesTheModelSoFar(@TempDir final Path folder) throws Exception {
		final Path model = folder.resolve("m.zip");
		final String output = trainAndTerminate(folder, model, true);
		assertTrue(output.contains("Saved the model"), output);
		try (Scribble2LabelModel m = Scribble2LabelModel.load(model, DeviceChoice.CPU)) {
			assertFalse(m.record().completed(), "the model says it was stopped early");
		}
	}

	private static String trainAndTerminate(final Path folder, final Path model, final boolean keep) throws Exception {
		final SyntheticImages data = SyntheticImages.create(64, 3);
		final Path image = folder.resolve("cells.tif"), scribbles = folder.resolve("cells_scribbles.tif");
		save(ImagePlusAdapter.toImagePlus(data.image, "cells", null), image);
		save(ImagePlusAdapter.toImagePlus(data.scribbles, "scribbles", null), scribbles);
		final List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
			"-Xmx1g", "-cp", System.getProperty("java.class.path"), Scribble2LabelCli.class.getName(), "train", "--image",
			image.toString(), "--scribbles", scribbles.toString(), "--model", model.toString(), "--depth", "2", "--width", "16",
			"--crop-size", "32", "--batch-size", "4", "--crops", "1000000", "--device", "cpu"));
		if (keep) command.add("--keep-on-interrupt");
		final Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
		final StringBuffer output = new StringBuffer();
		final CountDownLatch stepping = new CountDownLatch(1);
		final Thread reader = new Thread(() -> {
			try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line; (line = in.readLine()) != null;) {
					output.append(line).append('\n');
					if (line.contains("  step ")) stepping.countDown();
				}
			}
			catch (final IOException e) {
				output.append(e);
			}
		});
		reader.start();
		try {
			assertTrue(stepping.await(120, TimeUnit.SECONDS), "the training never reported a step:\n" + output);
			// SIGTERM, as Process.destroy() sends, but without closing our end of the output.
			assertTrue(process.toHandle().destroy());
			assertTrue(process.waitFor(120, TimeUnit.SECONDS), "still running after SIGTERM:\n" + output);
		}
		finally {
			if (process.isAlive()) process.destroyForcibly();
		}
		reader.join(10_000);
		final String text = output.toString();
		assertEquals(143, process.exitValue(), text);
		assertFalse(text.contains("A fatal error has been detected"), text);
		try (Stream<Path> files = Files.list(folder)) {
			final List<String> names = files.map(f -> f.getFileName().toString()).collect(Collectors.toList());
			assertTrue(names.stream().noneMatch(n -> n.startsWith("hs_err") || n.endsWith(".part")), names.toString());
		}
		return text;
	}

	private static void save(final ImagePlus imp, final Path file) {
		assertTrue(new FileSaver(imp).saveAsTiff(file.toString()));
	}
}
