package org.scribble2label.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PyTorch installer against a local copy of DJL's site layout (a file: URL), never the network. */
public class EngineInstallerTest {

	private static final byte[] TORCH = random(3 << 20, 1), C10 = random(1000, 2);

	private static byte[] random(final int n, final long seed) {
		final byte[] b = new byte[n];
		new Random(seed).nextBytes(b);
		return b;
	}

	/** files.txt and gzipped libraries, laid out as on publish.djl.ai (for this machine's platform too). */
	public static Path site(final Path root) throws IOException {
		final Path site = Files.createDirectories(root.resolve("site"));
		final List<String> lines = new ArrayList<>();
		write(site, "cpu/linux-x86_64/native/lib/libtorch.so.gz", TORCH, lines);
		write(site, "cpu/linux-x86_64/native/lib/libc10.so.gz", C10, lines);
		write(site, "cu128/linux-x86_64/native/lib/libtorch_cuda.so.gz", C10, lines);
		write(site, "cpu/osx-aarch64/native/lib/libtorch.dylib.gz", C10, lines);
		final String here = EngineInstaller.platform();
		if (!here.equals("linux-x86_64") && !here.equals("osx-aarch64"))
			write(site, "cpu/" + here + "/native/lib/" + (here.startsWith("win") ? "torch.dll" : "libtorch.so") + ".gz", TORCH, lines);
		Files.write(site.resolve("files.txt"), String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
		return site;
	}

	private static void write(final Path site, final String path, final byte[] content, final List<String> lines) throws IOException {
		final Path file = site.resolve(path);
		Files.createDirectories(file.getParent());
		try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
			out.write(content);
		}
		lines.add(path);
	}

	private static long leftovers(final Path cache) throws IOException {
		if (!Files.isDirectory(cache)) return 0;
		try (Stream<Path> s = Files.list(cache)) {
			return s.filter(p -> p.getFileName().toString().startsWith("partial-")).count();
		}
	}

	@Test
	void installsTheChosenBuildWhereDjlLooksWithProgress(@TempDir final Path root) throws Exception {
		final Path cache = root.resolve("cache");
		final EngineInstaller installer = new EngineInstaller(site(root).toUri(), cache);
		final List<String> reports = new ArrayList<>();
		final Path build = installer.install(EngineInstaller.Build.CPU, "linux-x86_64",
			(file, i, n, bytes, all) -> reports.add(file + " " + i + "/" + n + " " + bytes + "/" + all), () -> false);
		assertEquals(cache.resolve("2.7.1-cpu-linux-x86_64"), build, "DJL's folder name for the build");
		assertArrayEquals(TORCH, Files.readAllBytes(build.resolve("libtorch.so")));
		assertArrayEquals(C10, Files.readAllBytes(build.resolve("libc10.so")));
		assertFalse(Files.exists(build.resolve("libtorch_cuda.so")), "only the chosen build");
		assertEquals(1, DjlRuntime.cachedBuilds(cache).length, "seen as an installed libtorch");
		assertEquals(0, leftovers(cache));
		assertTrue(reports.get(0).startsWith("libtorch.so 1/2 0/"), reports.toString());
		assertTrue(reports.stream().anyMatch(r -> r.startsWith("libtorch.so 1/2 ") && !r.startsWith("libtorch.so 1/2 0/")),
			"progress within the large file: " + reports);
		assertTrue(reports.get(reports.size() - 1).startsWith("libc10.so 2/2 "), reports.toString());
		// Installed: nothing is downloaded again.
		assertEquals(build, installer.install(EngineInstaller.Build.CPU, "linux-x86_64", (f, i, n, b, a) -> {
			throw new AssertionError("downloaded again");
		}, () -> false));
	}

	@Test
	void aCancelLeavesNothingHalfWritten(@TempDir final Path root) throws Exception {
		final Path cache = root.resolve("cache");
		final EngineInstaller installer = new EngineInstaller(site(root).toUri(), cache);
		final boolean[] started = { false };
		assertThrows(CancellationException.class, () -> installer.install(EngineInstaller.Build.CPU, "linux-x86_64",
			(file, i, n, bytes, all) -> started[0] = true, () -> started[0]));
		assertFalse(Files.exists(installer.target(EngineInstaller.Build.CPU, "linux-x86_64")));
		assertEquals(0, DjlRuntime.cachedBuilds(cache).length);
		assertEquals(0, leftovers(cache), "the partial download is deleted");
	}

	@Test
	void missingBuildsAndMachinesSayWhatToDo(@TempDir final Path root) throws Exception {
		final Path cache = root.resolve("cache");
		final EngineInstaller installer = new EngineInstaller(site(root).toUri(), cache);
		final IOException noCuda = assertThrows(IOException.class, () -> installer.install(EngineInstaller.Build.CUDA,
			"osx-aarch64", (f, i, n, b, a) -> {}, () -> false));
		assertTrue(noCuda.getMessage().contains("no CUDA build for osx-aarch64: choose the CPU build"), noCuda.getMessage());
		assertEquals(0, leftovers(cache));
		final IOException noSite = assertThrows(IOException.class, () -> new EngineInstaller(root.resolve("nowhere").toUri(),
			cache).install(EngineInstaller.Build.CPU, "linux-x86_64", (f, i, n, b, a) -> {}, () -> false));
		assertTrue(noSite.getMessage().startsWith("Cannot read the list of PyTorch builds"), noSite.getMessage());

		assertEquals("osx-aarch64", EngineInstaller.platform("Mac OS X", "aarch64"));
		assertEquals("win-x86_64", EngineInstaller.platform("Windows 11", "amd64"));
		assertEquals("linux-x86_64", EngineInstaller.platform("Linux", "amd64"));
		final IllegalArgumentException intelMac = assertThrows(IllegalArgumentException.class,
			() -> EngineInstaller.platform("Mac OS X", "x86_64"));
		assertTrue(intelMac.getMessage().contains("no build for Intel Macs"), intelMac.getMessage());
		assertTrue(EngineInstaller.notes("osx-aarch64").contains("Apple's GPUs are not used"));
	}
}
