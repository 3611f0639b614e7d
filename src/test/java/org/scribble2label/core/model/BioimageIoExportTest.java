package org.scribble2label.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.scribble2label.core.TrainingConfig;
import org.scribble2label.core.image.PercentileNormalization;

/** The bioimage.io package: the spec's required fields, checksums, and a test output that the exported weights reproduce. */
class BioimageIoExportTest {

	/** An untrained but well-conditioned model (width 16) with a class name the spec must not see as is. */
	static Scribble2LabelModel model(final NDManager manager) {
		DjlRuntime.engine().setRandomSeed(5);
		final UNetSpec spec = new UNetSpec(2, 16, 1, 2);
		final UNet network = new UNet(spec);
		network.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 32, 32));
		final TrainingConfig config = new TrainingConfig.Builder().depth(2).baseWidth(16).cropSize(32).tileSize(64).build();
		return new Scribble2LabelModel(spec, network, manager.newSubManager(), List.of("background", "nucleus cells"),
			new PercentileNormalization(1, 99.8), config, new TrainingRecord(true, 0, 0, 0, 0, 0, "CPU", List.of("x"), "now"));
	}

	private static Map<String, byte[]> unzip(final Path zip) throws IOException {
		final Map<String, byte[]> files = new HashMap<>();
		try (ZipFile z = new ZipFile(zip.toFile())) {
			for (final ZipEntry e : java.util.Collections.list(z.entries()))
				files.put(e.getName(), z.getInputStream(e).readAllBytes());
		}
		return files;
	}

	/** The data of an .npy written by us, and its shape. */
	private static float[] npy(final byte[] file, final long[] shape) {
		assertEquals((byte) 0x93, file[0]);
		assertEquals("NUMPY", new String(file, 1, 5, StandardCharsets.US_ASCII));
		final int headerLength = (file[8] & 0xff) | (file[9] & 0xff) << 8;
		assertEquals(0, (10 + headerLength) % 64, "header aligned to 64 bytes");
		final String header = new String(file, 10, headerLength, StandardCharsets.US_ASCII);
		assertTrue(header.contains("'descr': '<f4'") && header.contains("'fortran_order': False"), header);
		assertTrue(header.contains("'shape': (" + shape[0] + ", " + shape[1] + ", " + shape[2] + ", " + shape[3] + ")"), header);
		final FloatBuffer data = ByteBuffer.wrap(file, 10 + headerLength, file.length - 10 - headerLength)
			.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
		final float[] out = new float[data.remaining()];
		data.get(out);
		assertEquals(shape[1] * shape[2] * shape[3], out.length);
		return out;
	}

	@Test
	void packageHasTheRequiredFieldsAndItsWeightsReproduceTheTestOutput(@TempDir final Path folder) throws Exception {
		final ArrayImg<FloatType, FloatArray> image = ArrayImgs.floats(100, 80);
		final Random random = new Random(3);
		for (final FloatType t : image)
			t.set(100 + 50 * (float) random.nextGaussian());
		final Path zip = folder.resolve("model.bioimage.io.zip");
		try (NDManager manager = DjlRuntime.engine().newBaseManager(); Scribble2LabelModel model = model(manager)) {
			BioimageIoExport.write(model, image, "Nuclei from scribbles", zip, false);
			assertThrows(IOException.class, () -> BioimageIoExport.write(model, image, "again", zip, false),
				"an existing package is not replaced unless asked");
		}
		final Map<String, byte[]> files = unzip(zip);
		final String rdf = new String(files.get(BioimageIoExport.RDF), StandardCharsets.UTF_8);
		for (final String required : new String[] { "type: model\n", "format_version: 0.5.3\n", "name: 'Nuclei from scribbles'",
			"description: ", "authors:\n  - name: ", "cite:\n  - text: ", "doi: 10.1007/978-3-030-59710-8_2", "license: BSD-2-Clause",
			"documentation: README.md", "inputs:\n  - id: input\n    axes:\n      - type: batch\n      - type: channel",
			"size: {min: 4, step: 4}", "id: scale_range", "min_percentile: 1.0, max_percentile: 99.8",
			"outputs:\n  - id: probabilities", "channel_names: [background, nucleus_cells]", "size: {tensor_id: input, axis_id: y}",
			"weights:\n  onnx:\n    source: weights.onnx", "opset_version: 17" })
			assertTrue(rdf.contains(required), required + " missing from\n" + rdf);
		for (final String file : new String[] { BioimageIoExport.WEIGHTS, BioimageIoExport.TEST_INPUT, BioimageIoExport.TEST_OUTPUT })
			assertTrue(rdf.contains("source: " + file + (file.endsWith(".onnx") ? "\n    sha256: " : ", sha256: ") +
				BioimageIoExport.sha256(files.get(file))), file + " and its checksum in\n" + rdf);
		assertTrue(files.containsKey(BioimageIoExport.README));

		// The test input is the image's top-left 64 x 64 (one tile); ONNX Runtime on it, normalised as
		// declared, gives the test output, which is our own prediction.
		final float[] input = npy(files.get(BioimageIoExport.TEST_INPUT), new long[] { 1, 1, 64, 64 });
		final float[] output = npy(files.get(BioimageIoExport.TEST_OUTPUT), new long[] { 1, 2, 64, 64 });
		final double[] range = new PercentileNormalization(1, 99.8).ranges(ArrayImgs.floats(input.clone(), 64, 64))[0];
		final float[] normalised = new float[input.length];
		for (int i = 0; i < input.length; i++)
			normalised[i] = PercentileNormalization.normalize(input[i], range[0], range[1]);
		final OrtEnvironment env = OrtEnvironment.getEnvironment();
		try (OrtSession session = env.createSession(files.get(BioimageIoExport.WEIGHTS), new OrtSession.SessionOptions());
			OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(normalised), new long[] { 1, 1, 64, 64 });
			OrtSession.Result result = session.run(Map.of("input", x)))
		{
			final float[] actual = new float[output.length];
			((OnnxTensor) result.get("probabilities").get()).getFloatBuffer().get(actual);
			for (int i = 0; i < output.length; i++)
				assertEquals(output[i], actual[i], 1e-4, "pixel " + i);
		}
		assertArrayEquals(new float[] { image.firstElement().get() }, new float[] { input[0] });
	}

	@Test
	void identifiersAreWhatTheSpecAccepts() {
		assertEquals("nucleus_cells", BioimageIoExport.identifier("nucleus cells"));
		assertEquals("c_3", BioimageIoExport.identifier("3"));
		assertEquals("group_3", BioimageIoExport.identifier("group 3"));
	}
}
