package org.scribble2label.core.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;

/**
 * The CPU and the vector instruction set that the engine's convolutions (oneDNN) use: numbers
 * and speed differ between AVX-512 and AVX2, so benchmarks and reports name both.
 */
public final class CpuDescription {

	private CpuDescription() {}

	/** E.g. "AMD EPYC (family 25)", or the architecture where /proc/cpuinfo is missing. */
	public static String model() {
		final List<String> lines = cpuinfo();
		final String name = field(lines, "model name");
		final String family = field(lines, "cpu family");
		if (name == null) return System.getProperty("os.arch");
		return family == null ? name : name + " (family " + family + ")";
	}

	/**
	 * The widest instruction set oneDNN uses here: the CPU's, or the limit set by the
	 * ONEDNN_MAX_CPU_ISA (or older DNNL_MAX_CPU_ISA) environment variable.
	 */
	public static String convolutionInstructionSet() {
		final String flags = " " + String.valueOf(field(cpuinfo(), "flags")) + " ";
		final String own = flags.contains(" avx512f ") ? "AVX-512" : flags.contains(" avx2 ") ? "AVX2" : "SSE4.1 or older";
		String limit = System.getenv("ONEDNN_MAX_CPU_ISA");
		if (limit == null) limit = System.getenv("DNNL_MAX_CPU_ISA");
		if (limit == null || limit.isEmpty() || limit.equalsIgnoreCase("ALL")) return own;
		final String upper = limit.toUpperCase(Locale.ROOT);
		return own.equals("AVX-512") || !upper.startsWith("AVX512") ? upper + " (limited by ONEDNN_MAX_CPU_ISA; the CPU has " +
			own + ")" : own;
	}

	private static List<String> cpuinfo() {
		final Path file = Paths.get("/proc/cpuinfo");
		try {
			return Files.isReadable(file) ? Files.readAllLines(file) : List.of();
		}
		catch (final IOException | RuntimeException e) {
			return List.of();
		}
	}

	private static String field(final List<String> lines, final String key) {
		for (final String line : lines) {
			final int colon = line.indexOf(':');
			if (colon > 0 && line.substring(0, colon).trim().equals(key)) return line.substring(colon + 1).trim();
		}
		return null;
	}
}
