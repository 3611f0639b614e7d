package org.scribble2label.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.scribble2label.core.DeviceChoice;
import org.scribble2label.core.Length;
import org.scribble2label.core.SyntheticImages;
import org.scribble2label.core.TrainingImage;
import org.scribble2label.core.train.Scribble2LabelTrainer;

class ModelArchiveTest {

	private static final SyntheticImages DATA = SyntheticImages.create(64, 2);
	private static Scribble2LabelModel trained;

	@BeforeAll
	static void train() throws Exception {
		trained = new Scribble2LabelTrainer(SyntheticImages.tinyConfig().trainingLength(Length.crops(64)).warmup(Length.crops(32))
			.ensemblePeriod(Length.crops(16)).build()).classNames(java.util.List.of("background", "nucleus"))
			.start(Collections.singletonList(new TrainingImage("synthetic", DATA.image, DATA.scribbles))).await().model();
	}

	@AfterAll
	static void close() {
		trained.close();
	}

	@Test
	void savedAndLoadedModelPredictsExactlyTheSame(@TempDir final Path folder) throws IOException {
		final Path file = folder.resolve("model.zip");
		trained.save(file, false);
		try (Stream<Path> files = Files.list(folder)) {
			assertEquals(1, files.count(), "no temporary file left behind");
		}
		try (Scribble2LabelModel loaded = Scribble2LabelModel.load(file, DeviceChoice.CPU)) {
			assertEquals(trained.spec(), loaded.spec());
			assertEquals(trained.classNames(), loaded.classNames());
			assertEquals(trained.config(), loaded.config());
			assertEquals(trained.record().cropsSeen(), loaded.record().cropsSeen());
			assertEquals(trained.normalization().highPercentile(), loaded.normalization().highPercentile());
			assertArrayEquals(trained.predict(DATA.image).probabilities().getPlane(1).getCurrentStorageArray(),
				loaded.predict(DATA.image).probabilities().getPlane(1).getCurrentStorageArray(), 0f);
		}
	}

	@Test
	void existingFilesAreKeptUnlessOverwriteIsAllowed(@TempDir final Path folder) throws IOException {
		final Path file = folder.resolve("model.zip");
		Files.write(file, "precious".getBytes(StandardCharsets.UTF_8));
		final ModelFileException e = assertThrows(ModelFileException.class, () -> trained.save(file, false));
		assertTrue(e.getMessage().contains("already exists"), e.getMessage());
		assertEquals("precious", new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
		trained.save(file, true);
		try (ZipFile zip = new ZipFile(file.toFile())) {
			assertTrue(zip.getEntry(ModelArchive.DESCRIPTOR) != null);
		}
		assertThrows(ModelFileException.class, () -> trained.save(folder.resolve("missing/model.zip"), false));
	}

	@Test
	void savedFilesAreReadableByOthers(@TempDir final Path folder) throws IOException {
		final Path file = folder.resolve("shared.zip");
		trained.save(file, false);
		assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
	}

	@Test
	void unreadableFilesGiveClearMessages(@TempDir final Path folder) throws IOException {
		final ModelFileException missing = assertThrows(ModelFileException.class,
			() -> Scribble2LabelModel.load(folder.resolve("nothing.zip"), DeviceChoice.CPU));
		assertTrue(missing.getMessage().startsWith("No model file at"), missing.getMessage());
		final Path text = folder.resolve("notes.zip");
		Files.write(text, "not a zip".getBytes(StandardCharsets.UTF_8));
		final ModelFileException notZip = assertThrows(ModelFileException.class, () -> Scribble2LabelModel.load(text, DeviceChoice.CPU));
		assertTrue(notZip.getMessage().contains("is not a Scribble2Label model"), notZip.getMessage());
	}

	@Test
	void aNewerFormatVersionAsksToUpdate(@TempDir final Path folder) throws IOException {
		final Path file = folder.resolve("model.zip");
		trained.save(file, false);
		final Path newer = folder.resolve("newer.zip");
		ModelZips.rewrite(file, newer, json -> json.replace("\"formatVersion\": 1", "\"formatVersion\": 99"), null);
		final ModelFileException e = assertThrows(ModelFileException.class, () -> Scribble2LabelModel.load(newer, DeviceChoice.CPU));
		assertTrue(e.getMessage().contains("newer Scribble2Label") && e.getMessage().contains("Update"), e.getMessage());
		final Path stopped = folder.resolve("stopped.zip");
		ModelZips.rewrite(file, stopped, json -> json.replace("\"completed\": true", "\"completed\": false"), null);
		try (Scribble2LabelModel m = Scribble2LabelModel.load(stopped, DeviceChoice.CPU)) {
			assertFalse(m.record().completed());
		}
	}
}
