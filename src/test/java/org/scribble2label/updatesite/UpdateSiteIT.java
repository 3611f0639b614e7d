package org.scribble2label.updatesite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;

import org.scribble2label.core.SyntheticImages;
import org.scribble2label.core.TestModels;
import org.scribble2label.ij.ImagePlusAdapter;

/**
 * Checks the assembled Fiji update site (target/update-site, made by {@code mvn package}): its
 * jars/ holds our jar and exactly the libraries Fiji lacks, its macros/ and scripts/ mirror the
 * repository's, and the commands load and run in a fresh JVM that sees nothing but those jars and
 * the jars Fiji ships, with libtorch from PYTORCH_LIBRARY_PATH as a user's local libtorch would
 * come in.
 */
class UpdateSiteIT {

	/** DJL jars (group id + "." + artifact id + "-"): Fiji ships none of them. */
	private static final List<String> DJL_JARS = Arrays.asList("ai.djl.api-", "ai.djl.pytorch.pytorch-engine-",
		"ai.djl.pytorch.pytorch-jni-");

	/**
	 * One class from each library Fiji already ships that our jar or DJL needs; the child JVM gets
	 * these jars from the test class path, not from the update site.
	 */
	private static final List<Class<?>> FIJI_LIBRARIES = Arrays.asList(ij.IJ.class, org.scijava.Context.class,
		org.scijava.parsington.ExpressionParser.class, net.imglib2.img.Img.class, com.google.gson.Gson.class,
		com.sun.jna.Native.class, org.apache.commons.compress.archivers.ArchiveEntry.class,
		org.apache.commons.io.IOUtils.class, org.apache.commons.codec.binary.Hex.class, org.slf4j.Logger.class);

	private static final long CHILD_TIMEOUT_MINUTES = 5;

	private static Path updateSite() {
		final Path site = Paths.get(System.getProperty("scribble2label.updateSite", "target/update-site"));
		assertTrue(Files.isDirectory(site.resolve("jars")), "No assembled update site at " + site.toAbsolutePath() +
			": run mvn package (or mvn verify) first.");
		return site;
	}

	private static Set<String> jarNames() throws IOException {
		try (Stream<Path> files = Files.list(updateSite().resolve("jars"))) {
			return files.map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
		}
	}

	@Test
	void jarsHoldOurPluginAndTheDjlLibrariesFijiLacks() throws Exception {
		final Set<String> names = jarNames();
		final String plugin = System.getProperty("scribble2label.pluginJar");
		if (plugin != null) assertTrue(names.contains(plugin), plugin + " is missing from jars/: " + names);
		final List<String> ours = names.stream().filter(n -> n.startsWith("Scribble2Label_Fiji-")).collect(Collectors.toList());
		assertEquals(1, ours.size(), "exactly one plugin jar, without -sources or -tests jars: " + names);
		for (final String djl : DJL_JARS)
			assertEquals(1, names.stream().filter(n -> n.startsWith(djl)).count(), djl + "*.jar in jars/: " + names);
		assertEquals(1 + DJL_JARS.size(), names.size(), "nothing else belongs in jars/ (not Fiji's own libraries, no " +
			"native libtorch, no slf4j binding): " + names);
		for (final Class<?> library : FIJI_LIBRARIES)
			assertFalse(names.contains(jarOf(library).getFileName().toString()), "Fiji ships " + jarOf(library).getFileName());
	}

	/**
	 * Fiji's updater knows a file by its name without the version, as scijava-common's
	 * FileUtils.stripFilenameVersion (which the updater calls) gives it, and Fiji has one flat class
	 * path: each of our jars must keep a distinct, unambiguous name after that, never a generic one
	 * such as jars/api.jar, which any other site shipping an "api" artifact would clash with.
	 */
	@Test
	void jarNamesStayUnambiguousWithoutTheirVersions() throws Exception {
		assertEquals("jars/api.jar", org.scijava.util.FileUtils.stripFilenameVersion("jars/api-0.36.0.jar"), "why the group id");
		final Set<String> stripped = new TreeSet<>();
		for (final String name : jarNames()) {
			final String versionless = org.scijava.util.FileUtils.stripFilenameVersion("jars/" + name);
			assertTrue(versionless.length() < ("jars/" + name).length(), "the updater sees no version in " + name);
			assertTrue(versionless.startsWith("jars/ai.djl") || versionless.equals("jars/Scribble2Label_Fiji.jar"),
				name + " is " + versionless + " to Fiji's updater: not clearly ours or DJL's");
			assertTrue(stripped.add(versionless), "two jars are " + versionless + " to Fiji's updater");
		}
	}

	@Test
	void macrosAndScriptsMirrorTheRepositoryFolders() throws Exception {
		final Path repository = Paths.get(System.getProperty("scribble2label.repository", ""));
		for (final String folder : new String[] { "macros", "scripts" }) {
			final Path original = repository.resolve(folder), copied = updateSite().resolve(folder);
			if (!Files.isDirectory(original)) {
				assertFalse(Files.exists(copied), folder + "/ in the update site but not in the repository");
				continue;
			}
			final List<Path> files;
			try (Stream<Path> walk = Files.walk(original)) {
				files = walk.filter(Files::isRegularFile).collect(Collectors.toList());
			}
			for (final Path file : files) {
				final Path copy = copied.resolve(original.relativize(file).toString());
				assertTrue(Files.isRegularFile(copy), copy + " is missing");
				assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(copy), copy + " differs from " + file);
			}
		}
	}

	@Test
	void commandsRunInAFreshJvmWithFijisLibrariesAndTheUpdateSiteOnly(@TempDir final Path work) throws Exception {
		// The parent trains the tiny model (with the CPU libtorch jar of the test class path), which
		// also extracts libtorch into DJL's cache for the child to load as a "local" libtorch.
		Files.copy(TestModels.tinyModelFile(), work.resolve(FijiClassPathRun.TINY_MODEL));
		save(ImagePlusAdapter.toImagePlus(TestModels.DATA.image, FijiClassPathRun.SMALL_IMAGE, null),
			work.resolve(FijiClassPathRun.SMALL_IMAGE));
		final SyntheticImages cells = SyntheticImages.create(128, 3);
		save(ImagePlusAdapter.toImagePlus(cells.image, FijiClassPathRun.TRAINING_IMAGE, null),
			work.resolve(FijiClassPathRun.TRAINING_IMAGE));
		save(ImagePlusAdapter.toImagePlus(cells.scribbles, FijiClassPathRun.TRAINING_SCRIBBLES, null),
			work.resolve(FijiClassPathRun.TRAINING_SCRIBBLES));

		final Path engineCache = Files.createDirectories(work.resolve("engine-cache"));
		final ProcessBuilder builder = new ProcessBuilder(javaExecutable(), "-Xmx1g", "-Djava.awt.headless=true",
			"-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true", "-DDJL_CACHE_DIR=" + work.resolve("djl-cache"),
			"-DENGINE_CACHE_DIR=" + engineCache, "-Djava.util.prefs.userRoot=" + work.resolve("prefs"),
			"-cp", childClassPath(work), FijiClassPathRun.class.getName(), work.toString());
		final Map<String, String> environment = builder.environment();
		environment.keySet().removeIf(name -> name.startsWith("PYTORCH_") || name.startsWith("DJL_") ||
			name.equals("ENGINE_CACHE_DIR"));
		environment.put("PYTORCH_LIBRARY_PATH", libtorchWithoutDjlJni(work).toString());
		environment.put("PYTORCH_FLAVOR", "cpu");
		final Path log = work.resolve("child.log");
		final Process child = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
		if (!child.waitFor(CHILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
			child.destroyForcibly().waitFor();
			fail("The child JVM did not finish within " + CHILD_TIMEOUT_MINUTES + " minutes. Its output:\n" + read(log));
		}
		final String output = read(log);
		System.out.println("Output of the child JVM:\n" + output);
		assertEquals(0, child.exitValue(), "The child JVM failed. Its output:\n" + output);
		assertTrue(output.contains(FijiClassPathRun.PASSED), output);
		for (final String path : new String[] { FijiClassPathRun.TRAIN, FijiClassPathRun.CONTINUE, FijiClassPathRun.APPLY,
			FijiClassPathRun.APPLY_TO_FOLDER })
			assertTrue(output.contains("menu entry " + path + " runs org.scribble2label."), path + " not found:\n" + output);
		assertFalse(output.contains("[ERROR]"), "errors were logged:\n" + output);
		assertFalse(output.contains("Exception"), "an exception was printed:\n" + output);
		// Offline, the JNI glue can only have come from the update site's pytorch-jni jar.
		try (Stream<Path> files = Files.walk(engineCache)) {
			assertTrue(files.anyMatch(f -> f.getFileName().toString().contains("djl_torch")),
				"DJL did not extract its JNI library from pytorch-jni into " + engineCache + ":\n" + output);
		}
	}

	/** The update site's jars, Fiji's libraries, and a folder holding only {@link FijiClassPathRun}. */
	private static String childClassPath(final Path work) throws IOException, URISyntaxException {
		final List<String> entries = new ArrayList<>();
		try (Stream<Path> jars = Files.list(updateSite().resolve("jars"))) {
			jars.sorted().forEach(jar -> entries.add(jar.toAbsolutePath().toString()));
		}
		for (final Class<?> library : FIJI_LIBRARIES)
			entries.add(jarOf(library).toString());
		entries.add(runnerOnly(work.resolve("runner")).toString());
		return String.join(File.pathSeparator, entries);
	}

	/** Copies FijiClassPathRun's class files alone, so the child does not see the other test classes. */
	private static Path runnerOnly(final Path folder) throws IOException, URISyntaxException {
		final String packagePath = FijiClassPathRun.class.getPackage().getName().replace('.', '/');
		final Path classes = Paths.get(FijiClassPathRun.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		final Path target = Files.createDirectories(folder.resolve(packagePath));
		try (Stream<Path> files = Files.list(classes.resolve(packagePath))) {
			for (final Path f : (Iterable<Path>) files::iterator)
				if (f.getFileName().toString().startsWith(FijiClassPathRun.class.getSimpleName()))
					Files.copy(f, target.resolve(f.getFileName().toString()));
		}
		return folder;
	}

	/**
	 * libtorch as a user would have it: the CPU build DJL extracted, without DJL's JNI library, so
	 * that DJL must take that from the update site's pytorch-jni jar. Linked, not copied (450 MB).
	 */
	private static Path libtorchWithoutDjlJni(final Path work) throws IOException {
		final Path extracted = extractedLibtorch();
		final Path linked = Files.createDirectories(work.resolve("libtorch"));
		try (Stream<Path> files = Files.list(extracted)) {
			for (final Path f : (Iterable<Path>) files::iterator)
				if (!f.getFileName().toString().contains("djl_torch"))
					Files.createSymbolicLink(linked.resolve(f.getFileName().toString()), f.toAbsolutePath());
		}
		catch (final UnsupportedOperationException | FileSystemException e) {
			return extracted; // no symbolic links here: DJL then finds its JNI library next to libtorch
		}
		return linked;
	}

	/** The CPU libtorch that the test class path's pytorch-native-cpu jar was extracted to. */
	private static Path extractedLibtorch() throws IOException {
		final Path cache = ai.djl.util.Utils.getEngineCacheDir("pytorch");
		try (Stream<Path> builds = Files.list(cache)) {
			return builds.filter(d -> d.getFileName().toString().startsWith("2.7.1-") &&
				d.getFileName().toString().contains("-cpu-") && (Files.isRegularFile(d.resolve("libtorch.so")) ||
					Files.isRegularFile(d.resolve("libtorch.dylib")) || Files.isRegularFile(d.resolve("torch.dll"))))
				.findFirst().orElseThrow(() -> new AssertionError("No extracted CPU libtorch 2.7.1 in " + cache));
		}
	}

	private static Path jarOf(final Class<?> type) {
		final CodeSource source = type.getProtectionDomain().getCodeSource();
		try {
			final Path jar = Paths.get(source.getLocation().toURI());
			assertTrue(Files.isRegularFile(jar) && jar.toString().endsWith(".jar"), type + " does not come from a jar: " + jar);
			return jar;
		}
		catch (final URISyntaxException e) {
			throw new AssertionError(e);
		}
	}

	private static String javaExecutable() {
		final Path bin = Paths.get(System.getProperty("java.home"), "bin");
		return Files.isRegularFile(bin.resolve("java.exe")) ? bin.resolve("java.exe").toString() : bin.resolve("java").toString();
	}

	private static void save(final ImagePlus image, final Path file) {
		assertTrue(new FileSaver(image).saveAsTiff(file.toString()), "cannot write " + file);
	}

	private static String read(final Path file) throws IOException {
		return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
	}
}
