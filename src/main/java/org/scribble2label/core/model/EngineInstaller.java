package org.scribble2label.core.model;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLConnection;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Installs the PyTorch libraries (libtorch {@value DjlRuntime#PYTORCH_VERSION}) into DJL's engine
 * cache the way DJL itself does (the same site, index and folder names, so DJL finds them), but
 * with progress, a cancel, a chosen build (CPU or CUDA) and nothing half-written: files go to a
 * temporary folder next to the target, which is renamed into place only when complete and is
 * deleted on a cancel or an error.
 */
public final class EngineInstaller {

	/** DJL's download site of libtorch builds for our PyTorch version. */
	public static final URI DJL_SITE = URI.create("https://publish.djl.ai/pytorch/" + DjlRuntime.PYTORCH_VERSION + "/");

	/** A libtorch build: DJL's flavour name and its size for the question to the user. */
	public enum Build {
		CPU("cpu", "about 200 MB"),
		/** CUDA 12.8 for an NVIDIA GPU (Linux and Windows). */
		CUDA("cu128", "over 2 GB");

		public final String flavor;
		public final String size;

		Build(final String flavor, final String size) {
			this.flavor = flavor;
			this.size = size;
		}
	}

	/** Download progress, called on the installing thread. */
	@FunctionalInterface
	public interface Progress {
		/**
		 * @param file the library being downloaded, the {@code index}-th (from 1) of {@code files}
		 * @param bytes compressed bytes of it received so far; {@code fileBytes} in all, or -1 when unknown
		 */
		void downloading(String file, int index, int files, long bytes, long fileBytes);
	}

	private final URI site;
	private final Path cache;

	/**
	 * @param site where the builds are: DJL's, or a mirror or local copy with the same layout
	 *          ({@code files.txt} listing {@code FLAVOR/PLATFORM/native/lib/NAME.gz})
	 * @param cache DJL's engine cache folder for PyTorch
	 */
	public EngineInstaller(final URI site, final Path cache) {
		this.site = site.toString().endsWith("/") ? site : URI.create(site + "/");
		this.cache = cache;
	}

	/** DJL's site and engine cache. */
	public static EngineInstaller djl() {
		return new EngineInstaller(DJL_SITE, ai.djl.util.Utils.getEngineCacheDir("pytorch"));
	}

	/**
	 * The platform as DJL names it, e.g. linux-x86_64, osx-aarch64, win-x86_64.
	 *
	 * @throws IllegalArgumentException for machines PyTorch {@value DjlRuntime#PYTORCH_VERSION} has
	 *           no build for, saying so (Intel Macs: PyTorch stopped building for them)
	 */
	public static String platform(final String osName, final String osArch) {
		final String os = osName.toLowerCase(Locale.ROOT), arch = osArch.toLowerCase(Locale.ROOT);
		final String cpu = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch.equals("aarch64") ||
			arch.equals("arm64") ? "aarch64" : arch;
		if (os.startsWith("mac") || os.startsWith("darwin")) {
			if (!cpu.equals("aarch64"))
				throw new IllegalArgumentException("PyTorch " + DjlRuntime.PYTORCH_VERSION + " has no build for Intel Macs, so " +
					"Scribble2Label cannot train or predict on this Mac. Use a Mac with Apple silicon (M1 or later), or Linux " +
					"or Windows.");
			return "osx-aarch64";
		}
		if (os.startsWith("windows")) return "win-" + cpu;
		if (os.startsWith("linux")) return "linux-" + cpu;
		throw new IllegalArgumentException("PyTorch has no build for " + osName + " (" + osArch + ").");
	}

	/** This machine's platform; see {@link #platform(String, String)}. */
	public static String platform() {
		return platform(System.getProperty("os.name"), System.getProperty("os.arch"));
	}

	/** What a platform offers, for the question to the user: Macs have no CUDA, and Apple GPUs are not used. */
	public static String notes(final String platform) {
		if (platform.startsWith("osx"))
			return "On a Mac only the CPU build exists: Apple's GPUs are not used, training runs on the CPU.";
		if (platform.endsWith("aarch64")) return "On ARM Linux only the CPU build exists.";
		return "The CUDA build needs an NVIDIA GPU with a recent driver; the CPU build runs everywhere.";
	}

	/** The folder DJL looks in for a build: {@code VERSION-FLAVOR-PLATFORM} in its cache. */
	public Path target(final Build build, final String platform) {
		return cache.resolve(DjlRuntime.PYTORCH_VERSION + "-" + build.flavor + "-" + platform);
	}

	/** Tells DJL to load this build (read by DJL when the engine starts, as the PYTORCH_FLAVOR variable). */
	public static void use(final Build build) {
		System.setProperty("PYTORCH_FLAVOR", build.flavor);
	}

	/**
	 * Downloads and unpacks a build, unless it is there already.
	 *
	 * @return the folder with the libraries
	 * @throws CancellationException when cancelled (nothing is left behind)
	 * @throws IOException when the site cannot be read or has no such build (nothing is left behind)
	 */
	public Path install(final Build build, final String platform, final Progress progress, final BooleanSupplier cancelled)
		throws IOException
	{
		final Path target = target(build, platform);
		if (Files.isDirectory(target)) return target;
		final String prefix = build.flavor + "/" + platform + "/";
		final List<String> files = new ArrayList<>();
		for (final String line : index())
			if (line.startsWith(prefix) && line.endsWith(".gz")) files.add(line);
		if (files.isEmpty())
			throw new IOException("PyTorch " + DjlRuntime.PYTORCH_VERSION + " has no " + build + " build for " + platform +
				(build == Build.CUDA ? ": choose the CPU build." : "."));
		Files.createDirectories(cache);
		final Path partial = Files.createTempDirectory(cache, "partial-" + target.getFileName() + "-");
		boolean complete = false;
		try {
			for (int i = 0; i < files.size(); i++) {
				if (cancelled.getAsBoolean()) throw new CancellationException("PyTorch download cancelled");
				final String line = files.get(i);
				final String gz = line.substring(line.lastIndexOf('/') + 1);
				final String name = URLDecoder.decode(gz.substring(0, gz.length() - 3), "UTF-8");
				final URLConnection connection = site.resolve(line.replace("+", "%2B")).toURL().openConnection();
				final long length = connection.getContentLengthLong();
				final int index = i + 1;
				progress.downloading(name, index, files.size(), 0, length);
				try (InputStream raw = connection.getInputStream();
					Counting counted = new Counting(raw, cancelled, n -> progress.downloading(name, index, files.size(), n, length));
					InputStream in = new GZIPInputStream(counted);
					OutputStream out = Files.newOutputStream(partial.resolve(name)))
				{
					in.transferTo(out);
					progress.downloading(name, index, files.size(), counted.count, length);
				}
			}
			try {
				Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (final AtomicMoveNotSupportedException e) {
				Files.move(partial, target);
			}
			complete = true;
			return target;
		}
		finally {
			if (!complete) deleteQuietly(partial);
		}
	}

	private List<String> index() throws IOException {
		final List<String> lines = new ArrayList<>();
		try (BufferedReader r = new BufferedReader(new InputStreamReader(site.resolve("files.txt").toURL().openStream(),
			StandardCharsets.UTF_8)))
		{
			String line;
			while ((line = r.readLine()) != null)
				if (!line.trim().isEmpty()) lines.add(line.trim());
		}
		catch (final IOException e) {
			throw new IOException("Cannot read the list of PyTorch builds at " + site + " (" + e.getMessage() + "). Check the " +
				"internet connection, or install PyTorch by hand (docs/gpu.md).", e);
		}
		return lines;
	}

	private static void deleteQuietly(final Path folder) {
		try (Stream<Path> walk = Files.walk(folder)) {
			walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (final IOException e) {
			// best effort: a leftover "partial-" folder is never taken for a build
		}
	}

	/** Counts the bytes read, reports them, and stops when cancelled. */
	private static final class Counting extends FilterInputStream {
		private final BooleanSupplier cancelled;
		private final java.util.function.LongConsumer report;
		private long count, reported;

		Counting(final InputStream in, final BooleanSupplier cancelled, final java.util.function.LongConsumer report) {
			super(in);
			this.cancelled = cancelled;
			this.report = report;
		}

		@Override
		public int read() throws IOException {
			final byte[] one = new byte[1];
			return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(final byte[] b, final int off, final int len) throws IOException {
			if (cancelled.getAsBoolean()) throw new CancellationException("PyTorch download cancelled");
			final int n = super.read(b, off, len);
			if (n > 0) {
				count += n;
				// Every MB, not every buffer: the status bar need not be redrawn thousands of times.
				if (count - reported >= 1 << 20) {
					reported = count;
					report.accept(count);
				}
			}
			return n;
		}
	}
}
