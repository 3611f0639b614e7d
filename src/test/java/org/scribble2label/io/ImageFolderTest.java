package org.scribble2label.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one folder layer: listing, companions, output names and shards. */
class ImageFolderTest {

	@Test
	void imagesAreListedByNameWithoutCompanionsOutputsOrHiddenFiles(@TempDir final Path dir) throws IOException {
		for (final String name : new String[] { "b.tif", "a.png", "A.tiff", "c.jpg", "readme.txt", "a_scribbles.tif", "a_mask.png",
			"x_labels.tif", "x_instances.tif", "x_probabilities.tif", ".hidden.tif", ".x_labels.tif-123.part", "a.tif.labeling" })
			Files.writeString(dir.resolve(name), "");
		Files.createDirectories(dir.resolve("sub"));
		assertEquals(List.of("A.tiff", "a.png", "b.tif", "c.jpg"), names(ImageFolder.images(dir, null)));
		assertEquals(List.of("b.tif"), names(ImageFolder.images(dir, "*.tif")));
		assertEquals(dir.resolve("a_scribbles.tif"), ImageFolder.companion(dir.resolve("a.png"), ImageFolder.SCRIBBLES));
		assertEquals(dir.resolve("a_mask.png"), ImageFolder.companion(dir.resolve("a.png"), ImageFolder.MASK));
		assertEquals(null, ImageFolder.companion(dir.resolve("b.tif"), ImageFolder.MASK));
		assertEquals(dir.resolve("a.tif.labeling"), ImageFolder.labeling(dir.resolve("a.tif")));
		assertThrows(IllegalArgumentException.class, () -> ImageFolder.images(dir.resolve("none"), null));
	}

	@Test
	void outputNamesNeverCollide(@TempDir final Path dir) {
		final Map<Path, String> names = PredictionFiles.names(List.of(dir.resolve("x.png"), dir.resolve("x.tif"), dir.resolve("y.tif")));
		assertEquals(List.of("x.png", "x.tif", "y"), new ArrayList<>(names.values()));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PredictionFiles.names(List.of(
			dir.resolve("X.tif"), dir.resolve("x.tif"))));
		assertTrue(e.getMessage().contains("rename one of them"), e.getMessage());
	}

	@Test
	void shardsPartitionTheListInOrder() {
		for (final int size : new int[] { 0, 1, 2, 7, 10, 101 })
			for (final int n : new int[] { 1, 2, 3, 7, 16 }) {
				final List<Integer> items = IntStream.range(0, size).boxed().collect(Collectors.toList());
				final List<Integer> union = new ArrayList<>();
				int smallest = Integer.MAX_VALUE, largest = 0;
				for (int i = 1; i <= n; i++) {
					final List<Integer> part = new Shard(i, n).of(items);
					union.addAll(part);
					smallest = Math.min(smallest, part.size());
					largest = Math.max(largest, part.size());
				}
				assertEquals(items, union, size + " items in " + n + " shards: each exactly once, in order");
				assertTrue(largest - smallest <= 1, "balanced");
			}
		assertEquals("3/10", Shard.parse(" 3/10 ").toString());
		for (final String bad : new String[] { "0/3", "4/3", "3", "a/b", "1/0", "-1/2" }) {
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shard.parse(bad));
			assertTrue(e.getMessage().contains("I/N"), e.getMessage());
		}
	}

	private static List<String> names(final List<Path> files) {
		return files.stream().map(f -> f.getFileName().toString()).collect(Collectors.toList());
	}
}
