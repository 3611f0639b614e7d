package org.scribble2label.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.scribble2label.core.DeviceChoice;
import org.scribble2label.core.Length;
import org.scribble2label.core.PseudoLabels;
import org.scribble2label.core.TrainingConfig;

/**
 * Model files written before the network and configuration schemas existed keep loading, and
 * files written now keep their layout. {@code model-format-1.zip} was written by the code of
 * commit 17a62a7 (configuration saved by reflection over {@code TrainingConfig.Builder}): a
 * randomly initialised U-Net of depth 1 and width 2, three classes, and the settings below.
 */
class ModelFileCompatibilityTest {

	/** The settings the old file was written with: none of them the default. */
	static final TrainingConfig OLD_CONFIG = new TrainingConfig.Builder().depth(1).baseWidth(2).cropSize(16).batchSize(2)
		.trainingLength(Length.epochs(3.5)).warmup(Length.crops(10)).ensemblePeriod(Length.epochs(1)).tau(0.9).alpha(0.3)
		.lambda(0.25).pseudoLabels(PseudoLabels.CURRENT_PREDICTION).balanceClasses(true).learningRate(1e-3).augment(false)
		.seed(5).device(DeviceChoice.CPU).tileSize(32).predictionBatchPixels(4096).percentiles(2, 98).build();

	/** Class 1 ("nucleus") of the 8 x 6 test image below, as the old code predicted it. */
	private static final float[] OLD_PREDICTION = { 0.33968145f, 0.3394256f, 0.3398769f, 0.34071764f, 0.3448071f, 0.35016897f,
		0.3479653f, 0.34747198f, 0.33333334f, 0.3424728f, 0.34255704f, 0.34142205f, 0.3404786f, 0.33892474f, 0.34174562f,
		0.34730053f, 0.3334846f, 0.33680367f, 0.34713086f, 0.3496931f, 0.34245536f, 0.34469467f, 0.35246205f, 0.35150874f,
		0.35084125f, 0.33333334f, 0.3423604f, 0.3350135f, 0.33333334f, 0.35008344f, 0.35007718f, 0.34626296f, 0.34204727f,
		0.3418588f, 0.35141948f, 0.3415159f, 0.343711f, 0.348815f, 0.34181365f, 0.3362845f, 0.34047258f, 0.34364945f, 0.3345808f,
		0.33333334f, 0.34128347f, 0.34540138f, 0.33500218f, 0.3380518f };

	static Path oldModelFile() throws URISyntaxException {
		return Paths.get(ModelFileCompatibilityTest.class.getResource("model-format-1.zip").toURI());
	}

	private static ArrayImg<FloatType, FloatArray> testImage() {
		final ArrayImg<FloatType, FloatArray> image = ArrayImgs.floats(8, 6);
		int i = 0;
		for (final FloatType t : image) {
			t.set((i * 7) % 11 + i / 8);
			i++;
		}
		return image;
	}

	private static JsonObject descriptor(final Path file) throws IOException {
		try (ZipFile zip = new ZipFile(file.toFile()); InputStream in = zip.getInputStream(zip.getEntry(ModelArchive.DESCRIPTOR))) {
			return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
		}
	}

	@Test
	void aModelFileOfTheFirstFormatLoadsAndPredictsAsBefore() throws Exception {
		try (Scribble2LabelModel model = Scribble2LabelModel.load(oldModelFile(), DeviceChoice.CPU)) {
			assertEquals(new UNetSpec(1, 2, 1, 3), model.spec());
			assertEquals(List.of("background", "nucleus", "membrane"), model.classNames());
			assertEquals(OLD_CONFIG, model.config());
			assertEquals(98, model.normalization().highPercentile());
			assertFalse(model.record().completed());
			assertEquals(List.of("a", "b (slice 2)"), model.record().images());
			assertArrayEquals(OLD_PREDICTION, model.predict(testImage()).probabilities().getPlane(1).getCurrentStorageArray(), 1e-6f);
		}
	}

	@Test
	void savingAgainKeepsTheLayoutAndAddsTheSchemaVersion(@TempDir final Path folder) throws Exception {
		final Path copy = folder.resolve("copy.zip");
		try (Scribble2LabelModel model = Scribble2LabelModel.load(oldModelFile(), DeviceChoice.CPU)) {
			model.save(copy, false);
		}
		try (Scribble2LabelModel model = Scribble2LabelModel.load(copy, DeviceChoice.CPU)) {
			assertArrayEquals(OLD_PREDICTION, model.predict(testImage()).probabilities().getPlane(1).getCurrentStorageArray(), 1e-6f);
		}
		final JsonObject before = descriptor(oldModelFile()), after = descriptor(copy);
		assertEquals(before.get("architecture"), after.get("architecture"));
		final JsonObject config = after.getAsJsonObject("config").deepCopy();
		assertEquals(TrainingConfigJson.VERSION, config.remove(TrainingConfigJson.VERSION_KEY).getAsInt());
		assertEquals(before.get("config"), config, "the same keys and values as the reflective format");
		assertEquals(new java.util.ArrayList<>(before.getAsJsonObject("config").keySet()), new java.util.ArrayList<>(config.keySet()),
			"in the same order");
	}

	@Test
	void theConfigurationSchemaReadsWhatItWrites() {
		assertEquals(OLD_CONFIG, TrainingConfigJson.read(TrainingConfigJson.write(OLD_CONFIG)));
		assertEquals(TrainingConfig.paper(), TrainingConfigJson.read(TrainingConfigJson.write(TrainingConfig.paper())));
		// The CRF weight is written only when used, so files without it stay as they were.
		final TrainingConfig withCrf = TrainingConfig.fastCpu().toBuilder().crfWeight(1.5).build();
		assertEquals(withCrf, TrainingConfigJson.read(TrainingConfigJson.write(withCrf)));
		assertEquals(1.5, TrainingConfigJson.write(withCrf).get("crfWeight").getAsDouble());
		assertFalse(TrainingConfigJson.write(TrainingConfig.fastCpu()).has("crfWeight"));
		// Crops on the scribbles likewise: written when on (training from scratch); a file without it
		// was trained with uniform crops after warm-up and reads so.
		assertTrue(TrainingConfigJson.write(TrainingConfig.fastCpu()).get("cropsOnScribbles").getAsBoolean());
		assertFalse(TrainingConfigJson.write(TrainingConfig.fineTuning()).has("cropsOnScribbles"));
		assertFalse(TrainingConfigJson.read(new JsonObject()).cropsOnScribbles());
		// Missing keys take the defaults, as in files of older versions.
		final JsonObject partial = new JsonObject();
		partial.addProperty("tau", 0.95);
		partial.addProperty("beta2", 0.99);
		assertEquals(new TrainingConfig.Builder().tau(0.95).betas(0.9, 0.99).build(), TrainingConfigJson.read(partial));
	}

	@Test
	void aNewerConfigurationSchemaOrAnUnknownNetworkIsRefused(@TempDir final Path folder) throws Exception {
		final Path newer = folder.resolve("newer.zip");
		ModelZips.rewrite(oldModelFile(), newer, json -> json.replace("\"config\": {", "\"config\": {\n    \"configVersion\": 99,"), null);
		final ModelFileException e = assertThrows(ModelFileException.class, () -> Scribble2LabelModel.load(newer, DeviceChoice.CPU));
		assertTrue(e.getMessage().contains("newer format"), e.getMessage());
		final Path unknown = folder.resolve("unknown.zip");
		ModelZips.rewrite(oldModelFile(), unknown, json -> json.replace("\"unet\"", "\"vit\""), null);
		final ModelFileException u = assertThrows(ModelFileException.class, () -> Scribble2LabelModel.load(unknown, DeviceChoice.CPU));
		assertTrue(u.getMessage().contains("unknown architecture \"vit\""), u.getMessage());
	}
}
