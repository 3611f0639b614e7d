package org.scribble2label.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The engine (package org.scribble2label.core and below) knows ImgLib2 and DJL only: no
 * ImageJ, SciJava, Swing or AWT, so that it runs anywhere and stays testable headless.
 */
class EngineImportRuleTest {

	private static final Pattern FORBIDDEN = Pattern.compile(
		"^\\s*import\\s+(static\\s+)?(ij\\.|org\\.scijava\\.|javax\\.swing\\.|java\\.awt\\.|net\\.imagej\\.)");

	@Test
	void engineImportsNeitherImageJNorSciJavaNorSwing() throws IOException {
		final Path engine = Paths.get("src/main/java/org/scribble2label/core");
		assertTrue(Files.isDirectory(engine), "engine sources not found from " + Paths.get("").toAbsolutePath());
		final List<String> violations;
		try (Stream<Path> files = Files.walk(engine)) {
			violations = files.filter(f -> f.toString().endsWith(".java")).flatMap(f -> {
				try {
					return Files.readAllLines(f).stream().filter(l -> FORBIDDEN.matcher(l).find()).map(l -> f + ": " + l.trim());
				}
				catch (final IOException e) {
					throw new IllegalStateException(e);
				}
			}).collect(Collectors.toList());
		}
		assertEquals(List.of(), violations);
	}

	@Test
	void fullyQualifiedUsesAreCaughtToo() throws IOException {
		final Pattern qualified = Pattern.compile("\\b(ij\\.[A-Z]|ij\\.(process|gui|io|plugin)\\.|org\\.scijava\\.|javax\\.swing\\.|java\\.awt\\.)");
		try (Stream<Path> files = Files.walk(Paths.get("src/main/java/org/scribble2label/core"))) {
			final List<String> violations = files.filter(f -> f.toString().endsWith(".java")).flatMap(f -> {
				try {
					return Files.readAllLines(f).stream().filter(l -> !l.trim().startsWith("*") && !l.trim().startsWith("//") &&
						qualified.matcher(l).find()).map(l -> f + ": " + l.trim());
				}
				catch (final IOException e) {
					throw new IllegalStateException(e);
				}
			}).collect(Collectors.toList());
			assertEquals(List.of(), violations);
		}
	}
}
