package org.scribble2label.core.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

import org.scribble2label.core.AtomicFiles;
import org.scribble2label.core.predict.Prediction;

/**
 * A model as a bioimage.io model package (format 0.5): {@code rdf.yaml}, the weights as ONNX
 * ({@link OnnxExport}), a test input and the test output our own prediction gives for it
 * ({@code .npy}), and a short README. The intensity normalisation is declared as the spec's
 * {@code scale_range} with the model's percentiles, so other tools normalise as we do.
 */
public final class BioimageIoExport {

	/** The files of the package, as rdf.yaml names them. */
	public static final String RDF = "rdf.yaml", WEIGHTS = "weights.onnx", TEST_INPUT = "test_input.npy",
		TEST_OUTPUT = "test_output.npy", README = "README.md";

	private BioimageIoExport() {}

	/**
	 * Writes the package (atomically; an existing file only with {@code overwrite}).
	 *
	 * @param image the test image, 2D: (X, Y) or (X, Y, C) with the model's channels. Its top-left
	 *          part of a size the network takes (a multiple of 2^depth, at most one tile) is used,
	 *          so that the test output is one tile's prediction, as any tool computes it.
	 * @return the test input actually used, (X, Y, C), for checks
	 */
	public static float[][] write(final Scribble2LabelModel model, final RandomAccessibleInterval<? extends RealType<?>> image,
		final String name, final Path zip, final boolean overwrite) throws IOException
	{
		final UNetSpec spec = unetSpec(model);
		final int m = spec.sizeMultiple(), tile = model.config().tileSize();
		final int channels = image.numDimensions() == 2 ? 1 : (int) image.dimension(2);
		if (channels != spec.inputChannels())
			throw new IllegalArgumentException("The model takes " + spec.inputChannels() + " channel(s); the test image has " +
				channels + ".");
		final int w = (int) Math.min(tile, image.dimension(0) / m * m), h = (int) Math.min(tile, image.dimension(1) / m * m);
		if (w < m || h < m)
			throw new IllegalArgumentException("The test image must be at least " + m + " x " + m + " pixels for this model.");
		final long[] min = new long[image.numDimensions()], max = new long[image.numDimensions()];
		image.min(min);
		image.max(max);
		max[0] = min[0] + w - 1;
		max[1] = min[1] + h - 1;
		final RandomAccessibleInterval<? extends RealType<?>> crop = Views.zeroMin(Views.interval(image, min, max));
		final float[][] input = new float[channels][w * h];
		final RandomAccess<? extends RealType<?>> a = crop.randomAccess();
		for (int c = 0; c < channels; c++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					if (channels == 1 && crop.numDimensions() == 2) a.setPosition(new long[] { x, y });
					else a.setPosition(new long[] { x, y, c });
					input[c][y * w + x] = a.get().getRealFloat();
				}
		final Prediction prediction = model.predict(crop);
		final float[][] output = new float[spec.classes()][];
		for (int c = 0; c < spec.classes(); c++)
			output[c] = prediction.probabilities().getPlane(c).getCurrentStorageArray().clone();

		final Map<String, byte[]> files = new LinkedHashMap<>();
		files.put(WEIGHTS, OnnxExport.onnx((UNet) model.network()));
		files.put(TEST_INPUT, npy(input, w, h));
		files.put(TEST_OUTPUT, npy(output, w, h));
		files.put(README, readme(model, name).getBytes(StandardCharsets.UTF_8));
		files.put(RDF, rdf(model, name, files).getBytes(StandardCharsets.UTF_8));
		AtomicFiles.write(zip, overwrite, "the bioimage.io package", file -> {
			try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
				for (final Map.Entry<String, byte[]> e : files.entrySet()) {
					out.putNextEntry(new ZipEntry(e.getKey()));
					out.write(e.getValue());
					out.closeEntry();
				}
			}
		});
		return input;
	}

	/** NumPy's .npy (version 1.0): little-endian float32, shape (1, planes, h, w), C order. */
	static byte[] npy(final float[][] planes, final int w, final int h) {
		final String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, " + planes.length + ", " + h + ", " + w + "), }";
		final StringBuilder header = new StringBuilder(dict);
		// Magic (6) + version (2) + length (2) + header, padded with spaces to a multiple of 64, ending in \n.
		while ((10 + header.length() + 1) % 64 != 0)
			header.append(' ');
		header.append('\n');
		final ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 4 * planes.length * w * h).order(ByteOrder.LITTLE_ENDIAN);
		b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
		b.putShort((short) header.length()).put(header.toString().getBytes(StandardCharsets.US_ASCII));
		for (final float[] plane : planes)
			for (final float v : plane)
				b.putFloat(v);
		return b.array();
	}

	/** A spec identifier: letters, digits and underscores, not starting with a digit. */
	static String identifier(final String name) {
		final String s = name.trim().replaceAll("[^A-Za-z0-9_]+", "_");
		return s.isEmpty() || Character.isDigit(s.charAt(0)) ? "c_" + s : s;
	}

	private static String rdf(final Scribble2LabelModel model, final String name, final Map<String, byte[]> files) {
		final UNetSpec spec = unetSpec(model);
		final int m = spec.sizeMultiple();
		final List<String> inputChannels = new ArrayList<>(), classes = new ArrayList<>();
		for (int c = 0; c < spec.inputChannels(); c++)
			inputChannels.add("channel" + c);
		for (final String c : model.classNames())
			classes.add(identifier(c));
		final StringBuilder s = new StringBuilder();
		s.append("type: model\n");
		s.append("format_version: 0.5.3\n");
		s.append("name: ").append(quote(name)).append('\n');
		s.append("description: ").append(quote("Scribble2Label U-Net trained from scribbles in Fiji; classes " +
			String.join(", ", model.classNames()) + ". Outputs the probability of each class.")).append('\n');
		s.append("authors:\n  - name: ").append(quote("Scribble2Label for Fiji")).append('\n');
		s.append("cite:\n  - text: ").append(quote("H. Lee and W.-K. Jeong, Scribble2Label: Scribble-Supervised Cell " +
			"Segmentation via Self-Generating Pseudo-Labels with Consistency, MICCAI 2020")).append('\n');
		s.append("    doi: 10.1007/978-3-030-59710-8_2\n");
		s.append("license: BSD-2-Clause\n");
		s.append("documentation: ").append(README).append('\n');
		s.append("tags: [segmentation, scribbles, scribble2label, unet, 2d]\n");
		s.append("timestamp: ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append('\n');
		s.append("inputs:\n  - id: input\n    axes:\n      - type: batch\n      - type: channel\n        channel_names: ")
			.append(inputChannels).append('\n');
		for (final String axis : new String[] { "y", "x" })
			s.append("      - type: space\n        id: ").append(axis).append("\n        size: {min: ").append(m)
				.append(", step: ").append(m).append("}\n");
		s.append("    test_tensor: {source: ").append(TEST_INPUT).append(", sha256: ").append(sha256(files.get(TEST_INPUT)))
			.append("}\n");
		s.append(String.format(Locale.ROOT, "    preprocessing:\n      - id: scale_range\n        kwargs: {axes: [y, x], " +
			"min_percentile: %s, max_percentile: %s}\n", model.normalization().lowPercentile(),
			model.normalization().highPercentile()));
		s.append("outputs:\n  - id: probabilities\n    axes:\n      - type: batch\n      - type: channel\n        channel_names: ")
			.append(classes).append('\n');
		for (final String axis : new String[] { "y", "x" })
			s.append("      - type: space\n        id: ").append(axis).append("\n        size: {tensor_id: input, axis_id: ")
				.append(axis).append("}\n");
		s.append("    test_tensor: {source: ").append(TEST_OUTPUT).append(", sha256: ").append(sha256(files.get(TEST_OUTPUT)))
			.append("}\n");
		s.append("weights:\n  onnx:\n    source: ").append(WEIGHTS).append("\n    sha256: ").append(sha256(files.get(WEIGHTS)))
			.append("\n    opset_version: ").append(OnnxExport.OPSET).append('\n');
		return s.toString();
	}

	private static String readme(final Scribble2LabelModel model, final String name) {
		return "# " + name + "\n\nA Scribble2Label U-Net (depth " + unetSpec(model).depth() + ", width " + unetSpec(model).baseWidth() +
			") trained from scribbles with Scribble2Label for Fiji. Classes: " + String.join(", ", model.classNames()) +
			".\n\nInput: the image, normalised per channel to its " + model.normalization().lowPercentile() + " and " +
			model.normalization().highPercentile() + " percentiles (declared as scale_range). Output: one probability per " +
			"class; the class of a pixel is the most probable one.\n";
	}

	private static String quote(final String s) {
		return "'" + s.replace("'", "''") + "'";
	}

	static String sha256(final byte[] data) {
		try {
			final StringBuilder s = new StringBuilder();
			for (final byte b : MessageDigest.getInstance("SHA-256").digest(data))
				s.append(String.format(Locale.ROOT, "%02x", b));
			return s.toString();
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/** The export writes the U-Net's graph; another network type would need its own. */
	private static UNetSpec unetSpec(final Scribble2LabelModel model) {
		if (!(model.spec() instanceof UNetSpec) || !(model.network() instanceof UNet))
			throw new IllegalArgumentException("Only U-Net models can be exported to bioimage.io; this model is a " +
				model.spec().type() + ".");
		return (UNetSpec) model.spec();
	}
}
