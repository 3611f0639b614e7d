package org.scribble2label.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The same network in plain Python PyTorch ({@code pytorch_unet_speed.py}, shipped with the
 * benchmark), run as a child process so that {@code bench} compares both programs on the same
 * machine in the same run. Used only when a Python with {@code torch} is found.
 */
final class PythonReference {

	/** One measurement of the reference. */
	static final class Figures {
		final double cropsPerSecond;
		final double predictMillis;

		Figures(final double cropsPerSecond, final double predictMillis) {
			this.cropsPerSecond = cropsPerSecond;
			this.predictMillis = predictMillis;
		}
	}

	private static final Pattern RESULT = Pattern.compile(
		"threads=(\\d+) crops_per_s=([0-9.]+) predict_ms=([0-9.]+) torch=(\\S+)");

	private final String python;
	private final String torchVersion;
	private final Path script;

	private PythonReference(final String python, final String torchVersion, final Path script) {
		this.python = python;
		this.torchVersion = torchVersion;
		this.script = script;
	}

	/**
	 * The first of {@code candidates} that imports torch, with the script copied to a temporary
	 * file; empty when none does.
	 */
	static Optional<PythonReference> find(final List<String> candidates) throws IOException {
		for (final String python : candidates) {
			final Optional<String> version = output(List.of(python, "-c", "import torch; print(torch.__version__)"), 60);
			if (version.isPresent() && !version.get().isBlank()) {
				final Path script = Files.createTempFile("scribble2label-", "-pytorch_unet_speed.py");
				script.toFile().deleteOnExit();
				try (InputStream in = PythonReference.class.getResourceAsStream("pytorch_unet_speed.py")) {
					Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
				}
				return Optional.of(new PythonReference(python, version.get().strip(), script));
			}
		}
		return Optional.empty();
	}

	String describe() {
		return python + " with PyTorch " + torchVersion;
	}

	Figures measure(final int threads, final int steps) throws IOException {
		final List<String> command = new ArrayList<>(List.of(python, script.toString(), "--threads", Integer.toString(threads),
			"--steps", Integer.toString(steps)));
		final String out = output(command, 1800).orElseThrow(() -> new IOException("The Python reference failed: " + command));
		final Matcher m = RESULT.matcher(out);
		if (!m.find()) throw new IOException("Unexpected output of the Python reference: " + out);
		return new Figures(Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)));
	}

	/** Standard output of a command that exits with 0 in time, else empty. */
	private static Optional<String> output(final List<String> command, final int timeoutSeconds) throws IOException {
		final Process process;
		try {
			process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
		}
		catch (final IOException e) {
			return Optional.empty(); // no such program
		}
		try {
			final byte[] bytes = process.getInputStream().readAllBytes();
			if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return Optional.empty();
			}
			return process.exitValue() == 0 ? Optional.of(new String(bytes, StandardCharsets.UTF_8)) : Optional.empty();
		}
		catch (final InterruptedException e) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while running " + command, e);
		}
	}
}
