package org.scribble2label.core.model;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.scribble2label.core.DeviceChoice;
import org.scribble2label.core.TestModels;

/**
 * Damaged model files — truncated, bytes changed, descriptors edited at random — never crash or
 * hang the JVM: they load (if the damage is harmless) or fail with our {@link ModelFileException}.
 */
class ModelFileFuzzTest {

	private static void loadOrRefuse(final Path file) {
		assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
			try (Scribble2LabelModel m = Scribble2LabelModel.load(file, DeviceChoice.CPU)) {
				assertNotNull(m.spec());
			}
			catch (final ModelFileException e) {
				assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
			}
		});
	}

	@Test
	void truncatedAndMutatedFiles(@TempDir final Path folder) throws Exception {
		final byte[] good = Files.readAllBytes(TestModels.tinyModelFile());
		final Random random = new Random(17);
		final Path file = folder.resolve("damaged.zip");
		for (int trial = 0; trial < 60; trial++) {
			final byte[] bytes;
			if (trial < 20) {
				bytes = java.util.Arrays.copyOf(good, random.nextInt(good.length)); // truncated
			}
			else {
				bytes = good.clone();
				for (int k = 1 + random.nextInt(8); k > 0; k--)
					bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
			}
			Files.write(file, bytes);
			loadOrRefuse(file);
		}
	}

	@Test
	void editedDescriptorsAndWeights(@TempDir final Path folder) throws Exception {
		final Random random = new Random(23);
		final String[] edits = { "\"depth\": 2", "\"depth\": 99", "\"baseWidth\": 8", "\"baseWidth\": 100000000",
			"\"classes\": 2", "\"classes\": -3", "\"format\": \"scribble2label-model\"", "\"format\": \"other\"",
			"\"lowPercentile\": 1.0", "\"lowPercentile\": \"low\"", "\"architecture\"", "\"arch\"" };
		for (int trial = 0; trial < edits.length; trial += 2) {
			final String from = edits[trial], to = edits[trial + 1];
			final Path file = folder.resolve("edited" + trial + ".zip");
			ModelZips.rewrite(TestModels.tinyModelFile(), file, json -> json.replace(from, to), null);
			loadOrRefuse(file);
		}
		// Weights changed after saving: the checksum catches them before they are decoded.
		final Path file = folder.resolve("weights.zip");
		ModelZips.rewrite(TestModels.tinyModelFile(), file, json -> json, weights -> {
			for (int k = 0; k < 20; k++)
				weights[random.nextInt(weights.length)] ^= 0x5a;
			return weights;
		});
		try {
			Scribble2LabelModel.load(file, DeviceChoice.CPU).close();
			throw new AssertionError("damaged weights were accepted");
		}
		catch (final ModelFileException e) {
			assertTrue(e.getMessage().contains("checksum"), e.getMessage());
		}
	}
}
