package org.scribble2label.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;

import org.scribble2label.io.ImageFiles;
import org.scribble2label.io.PredictionFiles;

/**
 * Issue 17: {@code scripts/slurm/predict-array.sh} run task after task with the variables
 * SLURM sets, on the command line's jar; the shards together equal one unsharded run bit for
 * bit, a killed task leaves nothing counted as done, and a rerun does only what is missing.
 */
class ClusterShardsTest {

	private static final Path SCRIPT = Paths.get("scripts/slurm/predict-array.sh").toAbsolutePath();
	private static final Path CHECK = Paths.get("scripts/slurm/check-outputs.sh").toAbsolutePath();

	@TempDir
	static Path shared;
	static Path in, whole;

	@BeforeAll
	static void folderAndUnshardedRun() throws IOException, InterruptedException {
		PredictOutputsTest.tinyModel(shared);
		in = Files.createDirectories(shared.resolve("in"));
		for (int i = 0; i < 7; i++) {
			final int size = i == 3 ? 384 : 48 + 8 * i;
			final ByteProcessor p = new ByteProcessor(size, size);
			for (int y = 0; y < size; y++)
				for (int x = 0; x < size; x++)
					p.set(x, y, ((x - size / 2) * (x - size / 2) + (y - size / 3) * (y - size / 3) < size * size / 9 + i * 20) ? 200 : 30 + (x * 7 + y * i) % 40);
			PredictOutputsTest.save(new ImagePlus("img" + i, p), in.resolve("img" + i + ".tif"));
		}
		// The unsharded run: an array of one task, on the same settings (thread counts change the last bits of floats).
		whole = shared.resolve("whole");
		final String log = finish(task(0, 1, whole));
		assertTrue(log.startsWith("0\n") && log.contains("shard 1/1"), log);
	}

	/** Runs an array task as SLURM would: the script with the array's variables (array 0-2, i.e. three tasks). */
	private static Process task(final int id, final Path output, final String... more) throws IOException {
		return task(id, 3, output, more);
	}

	private static Process task(final int id, final int tasks, final Path output, final String... more) throws IOException {
		final List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString(), PredictOutputsTest.model.toString(),
			in.toString(), output.toString()));
		command.addAll(List.of(more));
		final ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
		final Map<String, String> env = pb.environment();
		env.keySet().removeIf(k -> k.startsWith("SLURM_") || k.startsWith("S2L_") || k.equals("CUDA_VISIBLE_DEVICES"));
		env.put("SLURM_ARRAY_TASK_ID", Integer.toString(id));
		env.put("SLURM_ARRAY_TASK_MIN", "0");
		env.put("SLURM_ARRAY_TASK_MAX", Integer.toString(tasks - 1));
		env.put("SLURM_ARRAY_TASK_COUNT", Integer.toString(tasks));
		env.put("SLURM_CPUS_PER_TASK", "1");
		env.put("SLURM_MEM_PER_NODE", "1500");
		env.put("S2L_CLASSPATH", System.getProperty("java.class.path"));
		env.put("S2L_JAVA", Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		return pb.start();
	}

	private static String finish(final Process p) throws IOException, InterruptedException {
		final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(300, TimeUnit.SECONDS), out);
		return p.exitValue() + "\n" + out;
	}

	/** Every visible file of a folder and its bytes, by name. */
	private static Map<String, byte[]> contents(final Path folder) throws IOException {
		final Map<String, byte[]> files = new TreeMap<>();
		try (Stream<Path> list = Files.list(folder)) {
			for (final Path f : list.collect(Collectors.toList()))
				files.put(f.getFileName().toString(), Files.readAllBytes(f));
		}
		return files;
	}

	private static void assertSameFiles(final Map<String, byte[]> expected, final Map<String, byte[]> actual) {
		assertEquals(expected.keySet(), actual.keySet());
		for (final String name : expected.keySet())
			assertArrayEquals(expected.get(name), actual.get(name), name + " differs from the unsharded run");
	}

	@Test
	void theArraysShardsTogetherAreTheUnshardedRunBitForBit(@TempDir final Path dir) throws Exception {
		final Path out = dir.resolve("out");
		final List<String> predicted = new ArrayList<>();
		for (int id = 0; id < 3; id++) {
			final String log = finish(task(id, out));
			assertTrue(log.startsWith("0\n"), log);
			assertTrue(log.contains("shard " + (id + 1) + "/3 of " + in.toRealPath() + " on cpu, 1 threads, heap 1050 MB"), log);
			for (final String line : log.split("\n"))
				if (line.startsWith("Predicted ")) predicted.add(line);
		}
		assertEquals(7, predicted.size(), "every image predicted by exactly one task: " + predicted);
		assertEquals(7, predicted.stream().distinct().count());
		assertSameFiles(contents(whole), contents(out));
		final ProcessBuilder check = new ProcessBuilder("bash", CHECK.toString(), in.toString(), out.toString(), "--counts")
			.redirectErrorStream(true);
		check.environment().put("S2L_CLASSPATH", System.getProperty("java.class.path"));
		check.environment().put("S2L_JAVA", Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		final String summary = finish(check.start());
		assertTrue(summary.startsWith("0\n"), summary);
		assertTrue(summary.contains("7 of 7 image(s) complete"), summary);
		assertTrue(summary.contains("img3.tif\t"), "instance counts per image: " + summary);
	}

	@Test
	void aKilledTaskLeavesNothingCountedAsDoneAndARerunDoesOnlyTheRest(@TempDir final Path dir) throws Exception {
		final Path out = Files.createDirectories(dir.resolve("out"));
		// Task 1 of 0-2 holds img2 and img3 (384 x 384) of the seven; killed (SIGKILL) as soon as its first file appears.
		final Process p = task(1, out);
		p.getOutputStream().close();
		final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
		while (p.isAlive() && System.nanoTime() < end) {
			try (Stream<Path> list = Files.list(out)) {
				// The first file of an image: a hidden temporary one, as long as the results are not complete.
				if (list.anyMatch(f -> f.getFileName().toString().matches("\\.?img.*"))) break;
			}
			Thread.onSpinWait();
		}
		p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		final PredictionFiles files = new PredictionFiles(out);
		final List<String> complete = new ArrayList<>();
		for (final String name : List.of("img2", "img3")) {
			assertNotEquals(PredictionFiles.State.PARTIAL, files.state(name), name + ": never some of an image's results");
			if (files.state(name) == PredictionFiles.State.COMPLETE) complete.add(name);
		}
		assertTrue(complete.size() < 2, "the task was killed before its end");
		// The check counts only complete images.
		final PredictOutputsTest.Result check = PredictOutputsTest.cli("predict", "--check", "--input", in.toString(), "--output",
			out.toString(), "--shard", "2/3");
		assertEquals(1, check.code, check.out);
		assertTrue(check.out.contains("Shard 2/3: " + complete.size() + " of 2 image(s) complete"), check.out);
		final Map<String, FileTime> before = new HashMap<>();
		for (final String name : complete)
			before.put(name, Files.getLastModifiedTime(files.file(name, PredictionFiles.Output.LABELS)));

		final String rerun = finish(task(1, out));
		assertTrue(rerun.startsWith("0\n"), rerun);
		for (final String name : List.of("img2", "img3")) {
			final String line = (complete.contains(name) ? "Done already: " : "Predicted ") + in.toRealPath().resolve(name + ".tif");
			assertTrue(rerun.contains(line), line + " in\n" + rerun);
		}
		for (final String name : complete)
			assertEquals(before.get(name), Files.getLastModifiedTime(files.file(name, PredictionFiles.Output.LABELS)), name);
		try (Stream<Path> list = Files.list(out)) {
			assertFalse(list.anyMatch(f -> f.getFileName().toString().startsWith(".img")), "no temporary file of an image left");
		}
		// Together with the other two tasks: the unsharded run.
		for (final int id : new int[] { 0, 2 })
			assertTrue(finish(task(id, out)).startsWith("0\n"));
		assertSameFiles(contents(whole), contents(out));
	}

	@Test
	void aStacksSlicesAreShardedToo(@TempDir final Path dir) throws IOException {
		final ImagePlus cells = PredictOutputsTest.cells("stack");
		final ImageStack stack = new ImageStack(cells.getWidth(), cells.getHeight());
		for (int z = 0; z < 5; z++) {
			final ByteProcessor p = (ByteProcessor) cells.getProcessor().convertToByteProcessor();
			p.add(z * 9);
			stack.addSlice(p);
		}
		final Path file = dir.resolve("stack.tif");
		PredictOutputsTest.save(new ImagePlus("stack", stack), file);
		final Path unsharded = dir.resolve("whole"), sharded = dir.resolve("sharded");
		assertEquals(0, PredictOutputsTest.cli(PredictOutputsTest.predict(file, unsharded)).code);
		for (final String shard : new String[] { "1/2", "2/2" }) {
			final PredictOutputsTest.Result r = PredictOutputsTest.cli(PredictOutputsTest.predict(file, sharded, "--shard", shard));
			assertEquals(0, r.code, r.out);
		}
		final PredictOutputsTest.Result check = PredictOutputsTest.cli("predict", "--check", "--input", file.toString(), "--output",
			sharded.toString(), "--shard", "1/1");
		assertTrue(check.out.contains("5 of 5 image(s) complete"), check.out);
		final ImagePlus labels = ImageFiles.read(unsharded.resolve("stack_labels.tif"));
		final ImagePlus probabilities = ImageFiles.read(unsharded.resolve("stack_probabilities.tif"));
		for (int z = 1; z <= 5; z++) {
			final String name = String.format("stack_z%04d", z);
			assertArrayEquals((byte[]) labels.getStack().getPixels(z),
				(byte[]) ImageFiles.read(sharded.resolve(name + "_labels.tif")).getProcessor().getPixels(), name);
			final ImagePlus p = ImageFiles.read(sharded.resolve(name + "_probabilities.tif"));
			for (int c = 1; c <= 2; c++)
				assertArrayEquals((float[]) probabilities.getStack().getPixels((z - 1) * 2 + c), (float[]) p.getStack().getPixels(c),
					name + " class " + c);
		}
		assertFalse(new File(sharded.toFile(), "stack_labels.tif").exists());
	}
}
