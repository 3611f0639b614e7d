package org.scribble2label.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.imglib2.img.planar.PlanarImgs;

import org.scribble2label.core.instance.InstanceSegmentation;
import org.scribble2label.core.predict.Prediction;

/** An image's four results are written all or nothing (D9). */
class PredictionFilesTest {

	private static Prediction prediction() {
		final Prediction p = new Prediction(PlanarImgs.floats(16, 16, 2), PlanarImgs.unsignedBytes(16, 16));
		for (int i = 0; i < 16 * 16; i++) {
			final boolean object = i % 16 > 4 && i % 16 < 11 && i / 16 > 4 && i / 16 < 11;
			p.labels().getPlane(0).getCurrentStorageArray()[i] = (byte) (object ? 1 : 0);
			p.probabilities().getPlane(object ? 1 : 0).getCurrentStorageArray()[i] = 1f;
		}
		return p;
	}

	private static Set<String> files(final Path dir) throws IOException {
		try (Stream<Path> list = Files.list(dir)) {
			return list.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
		}
	}

	@Test
	void aFailurePartWayLeavesNoneOfTheImagesFiles(@TempDir final Path dir) throws IOException {
		final PredictionFiles files = new PredictionFiles(dir);
		// The probabilities, third of four, fail (one class name for two classes) after labels and mask were written.
		assertThrows(IndexOutOfBoundsException.class, () -> files.write("x", prediction(), List.of("background"), null,
			InstanceSegmentation.defaults(), false, Set.of()));
		assertEquals(Set.of(), files(dir), "no result and no temporary file");
		assertEquals(PredictionFiles.State.NONE, files.state("x"));
		files.write("x", prediction(), List.of("background", "object"), null, InstanceSegmentation.defaults(), false, Set.of());
		assertEquals(Set.of("x_labels.tif", "x_mask.tif", "x_instances.tif", "x_probabilities.tif"), files(dir));
		assertEquals(PredictionFiles.State.COMPLETE, files.state("x"));
		// Not asked to overwrite: refused before anything is written, the results kept.
		final IOException e = assertThrows(IOException.class, () -> files.write("x", prediction(), List.of("background", "object"),
			null, InstanceSegmentation.defaults(), false, Set.of()));
		assertEquals("x_labels.tif already exists in " + dir + " (from another run or program): remove it, or allow overwriting.",
			e.getMessage());
		assertEquals(4, files(dir).size());
		// Stale temporary files of this image only are removed.
		Files.writeString(dir.resolve(".x_mask.tif-99.part"), "");
		Files.writeString(dir.resolve(".y_mask.tif-99.part"), "");
		assertEquals(1, files.deleteStaleParts("x"));
		assertEquals(Set.of(".y_mask.tif-99.part"), files(dir).stream().filter(n -> n.startsWith(".")).collect(Collectors.toSet()));
	}
}
