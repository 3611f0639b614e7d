package org.scribble2label.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.scribble2label.core.DeviceChoice;
import org.scribble2label.core.TrainingConfig;
import org.scribble2label.core.image.PercentileNormalization;

/**
 * Crafted weights whose checksum is recomputed reach the weights decoder itself (the checksum
 * and zip checks of {@link ModelFileFuzzTest} stop random damage before it): huge dimension
 * counts, data lengths and shapes, truncation, NaN, and zip entries that lie about their size.
 * Each must end in a {@link ModelFileException} with a sentence, quickly and without an
 * {@link OutOfMemoryError}.
 */
class WeightsDecoderFuzzTest {

	@TempDir
	static Path folder;
	private static Path good;
	private static byte[] weights;

	/** An untrained (randomly initialised, finite) network: no training, so no chance of NaN here. */
	@BeforeAll
	static void saveUntrainedModel() throws IOException {
		final UNetSpec spec = new UNetSpec(2, 4, 1, 2);
		final UNet network = new UNet(spec);
		final NDManager manager = DjlRuntime.engine().newBaseManager(ai.djl.Device.cpu());
		network.initialize(manager, DataType.FLOAT32, new Shape(4, 1, 32, 32));
		final TrainingConfig config = new TrainingConfig.Builder().depth(2).baseWidth(4).cropSize(32).tileSize(64).build();
		try (Scribble2LabelModel model = new Scribble2LabelModel(spec, network, manager, List.of("background", "foreground"),
			new PercentileNormalization(1, 99.8), config, new TrainingRecord(true, 8, 8, 2, 0, 1, "CPU", List.of("x"), "now")))
		{
			good = folder.resolve("good.zip");
			model.save(good, false);
		}
		try (ZipFile zip = new ZipFile(good.toFile())) {
			weights = zip.getInputStream(zip.getEntry(ModelArchive.WEIGHTS)).readAllBytes();
		}
	}

	@Test
	void theUntouchedModelLoads() throws IOException {
		try (Scribble2LabelModel m = Scribble2LabelModel.load(good, DeviceChoice.CPU)) {
			assertEquals(new UNetSpec(2, 4, 1, 2), m.spec());
		}
	}

	@Test
	void expectedShapesAreThoseOfTheNetwork() {
		for (final UNetSpec spec : new UNetSpec[] { new UNetSpec(1, 4, 1, 2), new UNetSpec(2, 4, 3, 5) }) {
			final UNet network = new UNet(spec);
			try (NDManager m = DjlRuntime.engine().newBaseManager(ai.djl.Device.cpu())) {
				network.initialize(m, DataType.FLOAT32, new Shape(1, spec.inputChannels(), 16, 16));
				final List<long[]> actual = new ArrayList<>();
				network.getParameters().forEach(p -> actual.add(p.getValue().getArray().getShape().getShape()));
				final List<long[]> expected = spec.parameterShapes();
				assertEquals(actual.size(), expected.size());
				for (int i = 0; i < actual.size(); i++)
					assertArrayEquals(actual.get(i), expected.get(i), "parameter " + i + " of " + spec);
			}
		}
	}

	/** Offset of the first parameter's number of dimensions (the byte after "FLOAT32"). */
	private static int firstDimensions() {
		final byte[] tag = "FLOAT32".getBytes(StandardCharsets.US_ASCII);
		outer: for (int i = 0; i < weights.length - tag.length; i++) {
			for (int k = 0; k < tag.length; k++)
				if (weights[i + k] != tag[k]) continue outer;
			return i + tag.length;
		}
		throw new AssertionError("no FLOAT32 array in the weights");
	}

	/** Offset of the first parameter's data length: after its shape, layout and byte order. */
	private static int firstDataLength() {
		final ByteBuffer b = ByteBuffer.wrap(weights);
		final int dims = firstDimensions();
		final int layout = dims + 4 + 8 * b.getInt(dims);
		return layout + 4 + 2 * b.getInt(layout) + 1;
	}

	private static UnaryOperator<byte[]> putInt(final int offset, final int value) {
		return w -> {
			ByteBuffer.wrap(w).putInt(offset, value);
			return w;
		};
	}

	@Test
	void craftedHeadersAreRefusedWithASentence() throws IOException {
		final int dims = firstDimensions(), length = firstDataLength();
		final Object[][] cases = {
			{ "ndims_huge", putInt(dims, Integer.MAX_VALUE), "dimensions" },
			{ "ndims_negative", putInt(dims, -1), "dimensions" },
			{ "datalen_huge", putInt(length, 0x7ffffff0), "bytes of data" },
			{ "datalen_negative", putInt(length, -5), "bytes of data" },
			{ "shape_huge", (UnaryOperator<byte[]>) w -> {
				ByteBuffer.wrap(w).putLong(dims + 4 + 24, 3_000_000_000L);
				return w;
			}, "shape" },
			{ "shape_permuted", (UnaryOperator<byte[]>) w -> {
				final ByteBuffer b = ByteBuffer.wrap(w);
				final long first = b.getLong(dims + 4), second = b.getLong(dims + 12);
				b.putLong(dims + 4, second).putLong(dims + 12, first);
				return w;
			}, "shape" },
			{ "metadata_shapes_huge", putInt(1, Integer.MAX_VALUE), "input shapes" },
			{ "truncated", (UnaryOperator<byte[]>) w -> java.util.Arrays.copyOf(w, w.length / 2), "end" },
			{ "empty", (UnaryOperator<byte[]>) w -> new byte[0], "end" },
			{ "trailing", (UnaryOperator<byte[]>) w -> java.util.Arrays.copyOf(w, w.length + 3), "follow" },
		};
		for (final Object[] c : cases) {
			@SuppressWarnings("unchecked")
			final UnaryOperator<byte[]> edit = (UnaryOperator<byte[]>) c[1];
			final ModelFileException e = refused(withWeights(c[0] + ".zip", edit.apply(weights.clone())));
			assertTrue(e.getMessage().contains("damaged or incomplete") && e.getMessage().contains((String) c[2]),
				c[0] + ": " + e.getMessage());
		}
	}

	@Test
	void nonFiniteWeightsAreRefusedAsADivergedTraining() throws IOException {
		for (final float bad : new float[] { Float.NaN, Float.POSITIVE_INFINITY }) {
			final byte[] w = weights.clone();
			ByteBuffer.wrap(w).order(w[firstDataLength() - 1] == '>' ? java.nio.ByteOrder.BIG_ENDIAN
				: java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(firstDataLength() + 4 + 8, bad);
			final ModelFileException e = refused(withWeights("nan.zip", w));
			assertTrue(e.getMessage().contains("diverged") && e.getMessage().contains("Train the model again"), e.getMessage());
		}
	}

	/** Random ints and bytes written into the framing of the weights (not the float values). */
	@Test
	void randomHeaderDamageNeverEscapes() throws IOException {
		final Random random = new Random(5);
		final List<Integer> framing = framingOffsets();
		int refused = 0;
		for (int trial = 0; trial < 150; trial++) {
			final byte[] w = weights.clone();
			final int at = framing.get(random.nextInt(framing.size()));
			if (random.nextBoolean() && at + 4 <= w.length) ByteBuffer.wrap(w).putInt(at, random.nextBoolean() ? random.nextInt()
				: Integer.MAX_VALUE - random.nextInt(16));
			else w[at] ^= (byte) (1 + random.nextInt(255));
			final Path file = withWeights("random.zip", w);
			final boolean[] loaded = { false };
			assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
				try (Scribble2LabelModel m = Scribble2LabelModel.load(file, DeviceChoice.CPU)) {
					assertNotNull(m.spec());
					loaded[0] = true;
				}
				catch (final ModelFileException e) {
					assertSentence(e);
				}
			});
			if (!loaded[0]) refused++;
		}
		assertTrue(refused > 100, "most damage must be refused, only " + refused + " of 150 were");
	}

	/** Offsets outside the float values of the weights (found by walking the data lengths). */
	private static List<Integer> framingOffsets() {
		final List<Integer> offsets = new ArrayList<>();
		final byte[] tag = "FLOAT32".getBytes(StandardCharsets.US_ASCII);
		final ByteBuffer b = ByteBuffer.wrap(weights);
		int i = 0;
		while (i < weights.length) {
			offsets.add(i);
			boolean isTag = i + tag.length <= weights.length;
			for (int k = 0; isTag && k < tag.length; k++)
				isTag = weights[i + k] == tag[k];
			if (!isTag) {
				i++;
				continue;
			}
			int p = i + tag.length;
			p += 4 + 8 * b.getInt(p);
			p += 4 + 2 * b.getInt(p) + 1;
			for (int k = i + 1; k < p + 4; k++)
				offsets.add(k);
			i = p + 4 + b.getInt(p); // skip the values
		}
		return offsets;
	}

	@Test
	void zipEntriesThatInflateBeyondTheArchitectureAreRefused() throws IOException {
		final long limit = CheckedWeights.maxBytes(new UNetSpec(2, 4, 1, 2));
		// Honest sizes: 64 MB of zeros compress to about 64 KB.
		final Path bomb = folder.resolve("bomb.zip");
		zipWithWeights(bomb, new byte[64 << 20], -1);
		assertTrue(refused(bomb).getMessage().contains("larger than " + limit + " bytes"));
		// The same, with the directory claiming 1000 bytes: only counting the inflated bytes tells.
		final Path lying = folder.resolve("lying.zip");
		zipWithWeights(lying, new byte[64 << 20], 1000);
		try (ZipFile zip = new ZipFile(lying.toFile())) {
			assertEquals(1000, zip.getEntry(ModelArchive.WEIGHTS).getSize(), "the directory lies");
		}
		assertTrue(refused(lying).getMessage().contains("larger than " + limit + " bytes"));
	}

	/**
	 * The largest architecture allows 1.7 GB of weights: a file that declares it and inflates to
	 * 400 MB of zeros, read by a JVM of 128 MB, must end in a message about memory, not an
	 * OutOfMemoryError (run in its own JVM, so that the test's heap is not at stake).
	 */
	@Test
	void weightsBeyondTheHeapAreAMessage() throws Exception {
		final Path file = folder.resolve("big_declared.zip");
		String json;
		try (ZipFile zip = new ZipFile(good.toFile())) {
			json = new String(zip.getInputStream(zip.getEntry(ModelArchive.DESCRIPTOR)).readAllBytes(), StandardCharsets.UTF_8);
		}
		json = json.replace("\"depth\": 2", "\"depth\": 6").replace("\"baseWidth\": 4", "\"baseWidth\": 256")
			.replace("\"cropSize\": 32", "\"cropSize\": 64");
		try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
			zip.putNextEntry(new ZipEntry(ModelArchive.DESCRIPTOR));
			zip.write(json.getBytes(StandardCharsets.UTF_8));
			zip.closeEntry();
			zip.putNextEntry(new ZipEntry(ModelArchive.WEIGHTS));
			final byte[] zeros = new byte[1 << 20];
			for (int i = 0; i < 400; i++)
				zip.write(zeros);
			zip.closeEntry();
		}
		// A real image: the model is loaded only once there is something to predict.
		final Path image = folder.resolve("small.tif");
		ij.IJ.saveAsTiff(new ij.ImagePlus("small", new ij.process.ByteProcessor(16, 16)), image.toString());
		final Process process = new ProcessBuilder(java.nio.file.Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
			"-Xmx128m", "-cp", System.getProperty("java.class.path"), "org.scribble2label.cli.Scribble2LabelCli", "predict",
			"--model", file.toString(), "--input", image.toString(), "--output", folder.resolve("out").toString(),
			"--device", "cpu").redirectErrorStream(true).start();
		final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
		assertEquals(1, process.exitValue(), output);
		assertTrue(output.contains("needs about") && output.contains("Give Java more memory") &&
			!output.contains("OutOfMemoryError"), output);
	}

	@Test
	void aHugeDescriptorIsRefused() throws IOException {
		final Path file = folder.resolve("json_bomb.zip");
		ModelZips.rewrite(good, file, json -> json.replace("\"software\"", "\"padding\": \"" + " ".repeat(8 << 20) +
			"\", \"software\""), null);
		assertTrue(refused(file).getMessage().contains("larger than"));
	}

	/** D20: a missing format version, a null class name or a word for a number read as sentences. */
	@Test
	void descriptorDamageReadsAsSentences() throws IOException {
		final String[][] cases = { { "\"formatVersion\": 1,", "", "no format version" },
			{ "\"formatVersion\": 1", "\"formatVersion\": \"one\"", "no format version" },
			{ "\"background\",", "null,", "class name is missing" },
			{ "\"depth\": 2", "\"depth\": \"deep\"", "not a number" },
			{ "\"lowPercentile\": 1.0,", "", "missing or of the wrong kind" } };
		for (final String[] c : cases) {
			final Path file = folder.resolve("descriptor.zip");
			Files.deleteIfExists(file);
			ModelZips.rewrite(good, file, json -> {
				assertTrue(json.contains(c[0]), c[0]);
				return json.replace(c[0], c[1]);
			}, null);
			final String message = refused(file).getMessage();
			assertTrue(message.contains(c[2]), message);
		}
	}

	private static ModelFileException refused(final Path file) {
		return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
			try {
				Scribble2LabelModel.load(file, DeviceChoice.CPU).close();
			}
			catch (final ModelFileException e) {
				assertSentence(e);
				return e;
			}
			return fail(file.getFileName() + " was accepted");
		});
	}

	private static void assertSentence(final ModelFileException e) {
		final String m = e.getMessage();
		assertTrue(m != null && m.endsWith(".") && !m.contains("(null)") && !m.contains("JsonNull") &&
			!m.contains("Cannot invoke"), m);
	}

	/** The good model with other weights and their checksum recomputed, so that the decoder sees them. */
	private static Path withWeights(final String name, final byte[] edited) throws IOException {
		final Path file = folder.resolve(name);
		Files.deleteIfExists(file);
		ModelZips.rewrite(good, file, json -> json.replaceFirst("\"weightsSha256\": \"[0-9a-f]+\"",
			"\"weightsSha256\": \"" + ModelArchive.sha256(edited) + "\""), w -> edited);
		return file;
	}

	/**
	 * The good descriptor with these weights (checksum recomputed), deflated; with
	 * {@code declaredSize >= 0} the central directory claims that uncompressed size.
	 */
	private static void zipWithWeights(final Path file, final byte[] content, final int declaredSize) throws IOException {
		String json;
		try (ZipFile zip = new ZipFile(good.toFile())) {
			json = new String(zip.getInputStream(zip.getEntry(ModelArchive.DESCRIPTOR)).readAllBytes(), StandardCharsets.UTF_8);
		}
		json = json.replaceFirst("\"weightsSha256\": \"[0-9a-f]+\"", "\"weightsSha256\": \"" + ModelArchive.sha256(content) + "\"");
		try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
			zip.putNextEntry(new ZipEntry(ModelArchive.DESCRIPTOR));
			zip.write(json.getBytes(StandardCharsets.UTF_8));
			zip.closeEntry();
			zip.putNextEntry(new ZipEntry(ModelArchive.WEIGHTS));
			zip.write(content);
			zip.closeEntry();
		}
		if (declaredSize < 0) return;
		// Central directory header of the weights: signature 0x02014b50, uncompressed size at +24.
		final byte[] bytes = Files.readAllBytes(file);
		final ByteBuffer b = ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
		int patched = 0;
		for (int i = 0; i + 46 < bytes.length; i++)
			if (b.getInt(i) == 0x02014b50 && new String(bytes, i + 46, b.getShort(i + 28), StandardCharsets.UTF_8)
				.equals(ModelArchive.WEIGHTS))
			{
				b.putInt(i + 24, declaredSize);
				patched++;
			}
		assertEquals(1, patched);
		assertFalse(bytes.length > 1 << 20, "the bomb itself is small");
		Files.write(file, bytes);
	}
}
