package org.scribble2label.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The same seeded training gives the same numbers, within float tolerance, on the CPU's own
 * instruction set (AVX-512 where present) and on AVX2 in a child JVM. A math-library fault on
 * one path (as NaN on AMD Zen 5 with narrow layers) shows up here as a mismatch or a failure,
 * not as a model that silently predicts background.
 */
class InstructionSetConsistencyTest {

	@Test
	void avx2AndTheDefaultPathAgree() throws Exception {
		final List<Double> here = SeededLosses.run();
		final List<Double> avx2 = inChildJvm("AVX2");
		assertEquals(here.size(), avx2.size(), "steps and final value, here " + here + " and on AVX2 " + avx2);
		for (int i = 0; i < here.size(); i++) {
			final double a = here.get(i), b = avx2.get(i);
			assertTrue(Double.isFinite(a) && Double.isFinite(b), "number " + i + ": " + a + " here, " + b + " on AVX2");
			// Different kernels sum in different orders: a few steps of training keep that well within 0.5% (1e-5 measured on AMD EPYC Zen 4).
			assertEquals(a, b, 0.005 * Math.max(1e-3, Math.abs(a)), "number " + i + " (" + here + " vs " + avx2 + ")");
		}
	}

	private static List<Double> inChildJvm(final String isa) throws IOException, InterruptedException {
		final String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
		final ProcessBuilder builder = new ProcessBuilder(java, "-Xmx1g", "-Dai.djl.offline=true",
			"-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
			SeededLosses.class.getName());
		builder.environment().put("ONEDNN_MAX_CPU_ISA", isa);
		builder.environment().put("DNNL_MAX_CPU_ISA", isa);
		builder.redirectErrorStream(true);
		final Process process = builder.start();
		final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the child JVM did not end");
		assertEquals(0, process.exitValue(), output);
		final List<Double> numbers = new ArrayList<>();
		for (final String line : output.split("\\R")) {
			try {
				numbers.add(Double.parseDouble(line.trim()));
			}
			catch (final NumberFormatException e) {
				// engine warnings and the like
			}
		}
		return numbers;
	}
}
