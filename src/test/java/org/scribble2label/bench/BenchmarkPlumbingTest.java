package org.scribble2label.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.scribble2label.core.PseudoLabels;
import org.scribble2label.core.TrainingConfig;
import org.scribble2label.core.starter.StartFrom;

/** The benchmarks' own plumbing: the methods' settings, the PyTorch reference's process, time to a mask. */
class BenchmarkPlumbingTest {

	@Test
	void eachMethodGetsItsPseudoLabelsAndCrfTerm() {
		final TrainingConfig base = TrainingConfig.fastCpu();
		assertEquals(PseudoLabels.NONE, AccuracyBenchmark.configFor("rloss", base).build().pseudoLabels());
		assertEquals(AccuracyBenchmark.DEFAULT_CRF_WEIGHT, AccuracyBenchmark.configFor("rloss", base).build().crfWeight());
		assertEquals(PseudoLabels.ENSEMBLE, AccuracyBenchmark.configFor("s2l+crf", base).build().pseudoLabels());
		assertEquals(AccuracyBenchmark.DEFAULT_CRF_WEIGHT, AccuracyBenchmark.configFor("s2l+crf", base).build().crfWeight());
		// A weight given to the benchmark is used by the CRF methods and by no other.
		final TrainingConfig weighted = base.toBuilder().crfWeight(2).build();
		assertEquals(2, AccuracyBenchmark.configFor("rloss", weighted).build().crfWeight());
		for (final String plain : List.of("s2l", "pce", "pl", "full"))
			assertEquals(0, AccuracyBenchmark.configFor(plain, weighted).build().crfWeight(), plain);
		assertThrows(IllegalArgumentException.class, () -> AccuracyBenchmark.configFor("grabcut", base));
	}

	@Test
	void thePyTorchReferenceRunsAsAProcessAndItsLineIsRead(@TempDir final Path folder) throws IOException {
		assertFalse(PythonReference.find(List.of(folder.resolve("no-such-python").toString())).isPresent());
		// A stand-in interpreter: answers the torch probe, then prints the script's result line.
		final Path python = folder.resolve("python");
		Files.writeString(python, "#!/bin/sh\nif [ \"$1\" = -c ]; then echo 9.9-test; exit 0; fi\n" +
			"echo \"threads=$3 crops_per_s=12.50 predict_ms=80.0 torch=9.9-test\"\n");
		Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwx------"));
		final Optional<PythonReference> reference = PythonReference.find(List.of(folder.resolve("no-such-python").toString(),
			python.toString()));
		assertTrue(reference.isPresent());
		assertTrue(reference.get().describe().contains("PyTorch 9.9-test"), reference.get().describe());
		final PythonReference.Figures figures = reference.get().measure(2, 5);
		assertEquals(12.5, figures.cropsPerSecond);
		assertEquals(80.0, figures.predictMillis);
	}

	@Test
	void timeToMaskWithTheDefaultsScoresTheStarterFirst() throws IOException, InterruptedException {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		new MemoryBenchmark(new PrintStream(bytes, true, StandardCharsets.UTF_8)).timeToMask(0.8, StartFrom.AUTOMATIC, 100, 300);
		final String out = bytes.toString(StandardCharsets.UTF_8);
		assertTrue(out.contains("| 0 (starter alone) |"), out);
		assertTrue(out.contains("IoU 0.80 reached after 0 crops"), "the fluorescence starter alone masks the demo image:\n" + out);
	}
}
