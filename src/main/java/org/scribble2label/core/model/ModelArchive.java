package org.scribble2label.core.model;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

import org.scribble2label.core.AtomicFiles;
import org.scribble2label.core.TrainingConfig;
import org.scribble2label.core.image.PercentileNormalization;

/**
 * The model file: one zip holding {@value #DESCRIPTOR} (format, version, architecture, class
 * names, normalisation, training configuration and record) and {@value #WEIGHTS} (the network
 * parameters in DJL's block format, which needs the identical architecture to be read).
 */
final class ModelArchive {

	static final String FORMAT = "scribble2label-model";
	static final int FORMAT_VERSION = 1;
	static final String DESCRIPTOR = "model.json";
	static final String WEIGHTS = "weights.djl";
	/** Far above any U-Net this plugin builds (depth 6, width 256 is about 1.7 GB in float). */
	static final long MAX_WEIGHTS_BYTES = 2L << 30;
	/** A descriptor is a few kilobytes; this bounds what a crafted one can make us inflate and parse. */
	static final int MAX_DESCRIPTOR_BYTES = 4 << 20;

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

	private ModelArchive() {}

	static void write(final Scribble2LabelModel model, final Path file, final boolean overwrite) throws IOException {
		try {
			final java.io.ByteArrayOutputStream weights = new java.io.ByteArrayOutputStream();
			try (DataOutputStream data = new DataOutputStream(weights)) {
				model.network().saveParameters(data);
			}
			final byte[] bytes = weights.toByteArray();
			final JsonObject descriptor = descriptor(model);
			descriptor.addProperty("weightsSha256", sha256(bytes));
			AtomicFiles.write(file, overwrite, "the model", temporary -> {
				try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary));
					ZipOutputStream zip = new ZipOutputStream(out))
				{
					zip.putNextEntry(new ZipEntry(DESCRIPTOR));
					zip.write(GSON.toJson(descriptor).getBytes(StandardCharsets.UTF_8));
					zip.closeEntry();
					zip.putNextEntry(new ZipEntry(WEIGHTS));
					zip.write(bytes);
					zip.closeEntry();
				}
			});
		}
		catch (final ModelFileException e) {
			throw e;
		}
		catch (final IOException e) {
			throw new ModelFileException(e.getMessage(), e);
		}
	}

	private static JsonObject descriptor(final Scribble2LabelModel model) {
		final JsonObject json = new JsonObject();
		json.addProperty("format", FORMAT);
		json.addProperty("formatVersion", FORMAT_VERSION);
		json.addProperty("status", model.record().completed() ? "complete" : "stopped-early");
		json.add("architecture", NetworkTypes.toJson(model.spec()));
		final JsonArray names = new JsonArray();
		model.classNames().forEach(names::add);
		json.add("classNames", names);
		final JsonObject normalization = new JsonObject();
		normalization.addProperty("method", "percentile");
		normalization.addProperty("lowPercentile", model.normalization().lowPercentile());
		normalization.addProperty("highPercentile", model.normalization().highPercentile());
		json.add("normalization", normalization);
		json.add("config", TrainingConfigJson.write(model.config()));
		json.add("training", GSON.toJsonTree(model.record()));
		json.addProperty("software", "Scribble2Label for Fiji " + version());
		return json;
	}

	/** Hex SHA-256: the weights are checked before they are decoded, so damage never reaches the engine. */
	static String sha256(final byte[] bytes) {
		try {
			final StringBuilder hex = new StringBuilder();
			for (final byte b : java.security.MessageDigest.getInstance("SHA-256").digest(bytes))
				hex.append(String.format("%02x", b));
			return hex.toString();
		}
		catch (final java.security.NoSuchAlgorithmException e) {
			throw new IllegalStateException(e); // every Java has SHA-256
		}
	}

	static String version() {
		final String v = ModelArchive.class.getPackage().getImplementationVersion();
		return v == null ? "(development build)" : v;
	}

	static Scribble2LabelModel read(final Path file, final Device device) throws ModelFileException {
		if (!Files.isRegularFile(file))
			throw new ModelFileException("No model file at " + file.toAbsolutePath() + ". Check the path.");
		try (ZipFile zip = new ZipFile(file.toFile())) {
			final JsonObject json = readDescriptor(zip, file);
			final NetworkSpec spec = readSpec(json, file);
			final List<String> classNames = new ArrayList<>();
			for (final JsonElement e : requireArray(json, "classNames", file)) {
				if (!e.isJsonPrimitive()) throw invalid(file, "a class name is missing");
				classNames.add(e.getAsString());
			}
			if (classNames.size() != spec.classes())
				throw invalid(file, classNames.size() + " class names for " + spec.classes() + " classes");
			final JsonObject normalization = requireObject(json, "normalization", file);
			final PercentileNormalization percentiles = new PercentileNormalization(
				normalization.get("lowPercentile").getAsDouble(), normalization.get("highPercentile").getAsDouble());
			final TrainingConfig config = TrainingConfigJson.read(requireObject(json, "config", file));
			final TrainingRecord record = GSON.fromJson(requireObject(json, "training", file), TrainingRecord.class);
			final ZipEntry weights = zip.getEntry(WEIGHTS);
			if (weights == null) throw invalid(file, "the weights (" + WEIGHTS + ") are missing");
			final byte[] bytes = BoundedZipReading.read(zip, weights, Math.min(MAX_WEIGHTS_BYTES, CheckedWeights.maxBytes(spec)),
				"more than the architecture it declares (" + spec + ") can need");
			final JsonElement checksum = json.get("weightsSha256");
			if (checksum == null || !checksum.isJsonPrimitive() || !checksum.getAsString().equals(sha256(bytes)))
				throw invalid(file, "its weights do not match their checksum");
			final Block network = spec.build();
			CheckedWeights.check(bytes, spec, network, file);
			final NDManager manager = DjlRuntime.engine().newBaseManager(device);
			try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
				network.loadParameters(manager, in);
				// Restores shapes of every block; parameters are already set, so nothing is re-initialised.
				network.initialize(manager, DataType.FLOAT32, new Shape(1, spec.inputChannels(), spec.sizeMultiple(), spec.sizeMultiple()));
				checkShapes(network, spec);
				network.getParameters().values().forEach(p -> p.getArray().setRequiresGradient(false));
			}
			catch (final IOException | MalformedModelException | RuntimeException e) {
				manager.close();
				throw invalid(file, "its weights cannot be read (" + e.getMessage() + ")");
			}
			catch (final OutOfMemoryError e) {
				// One failed allocation of the checked weights: nothing else is broken, and the user can act on it.
				manager.close();
				throw BoundedZipReading.outOfMemory(file, bytes.length);
			}
			return new Scribble2LabelModel(spec, network, manager, classNames, percentiles, config, record);
		}
		catch (final ZipException e) {
			throw new ModelFileException(file + " is not a Scribble2Label model (not a readable zip file: " + e.getMessage() +
				"). Choose a model file saved by Scribble2Label (.zip).", e);
		}
		catch (final NoSuchFileException e) {
			throw new ModelFileException("No model file at " + file.toAbsolutePath() + ".", e);
		}
		catch (final ModelFileException e) {
			throw e;
		}
		catch (final NumberFormatException e) {
			throw invalid(file, "an entry of " + DESCRIPTOR + " is not a number (" + e.getMessage() + ")");
		}
		catch (final NullPointerException | UnsupportedOperationException | ClassCastException e) {
			// Gson's messages ("JsonNull", "Cannot invoke ...") mean an entry is missing or of the wrong kind.
			throw invalid(file, "an entry of " + DESCRIPTOR + " is missing or of the wrong kind");
		}
		catch (final IOException | JsonParseException | IllegalStateException | IllegalArgumentException e) {
			throw invalid(file, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
		}
	}

	/**
	 * The loaded parameters must have the shapes the architecture in the descriptor implies, or
	 * the first prediction would fail deep in the engine.
	 */
	private static void checkShapes(final Block loaded, final NetworkSpec spec) throws IOException {
		final Block reference = spec.build();
		try (NDManager scratch = DjlRuntime.engine().newBaseManager(ai.djl.Device.cpu())) {
			reference.initialize(scratch, DataType.FLOAT32, new Shape(1, spec.inputChannels(), spec.sizeMultiple(),
				spec.sizeMultiple()));
			final java.util.List<ai.djl.util.Pair<String, ai.djl.nn.Parameter>> expected = new java.util.ArrayList<>();
			reference.getParameters().forEach(expected::add);
			final java.util.List<ai.djl.util.Pair<String, ai.djl.nn.Parameter>> actual = new java.util.ArrayList<>();
			loaded.getParameters().forEach(actual::add);
			if (expected.size() != actual.size()) throw new IOException("the weights do not fit the architecture " + spec);
			for (int i = 0; i < expected.size(); i++)
				if (!expected.get(i).getValue().getArray().getShape().equals(actual.get(i).getValue().getArray().getShape()))
					throw new IOException("parameter " + actual.get(i).getKey() + " has the shape " +
						actual.get(i).getValue().getArray().getShape() + ", not " + expected.get(i).getValue().getArray().getShape() +
						" as the architecture " + spec + " needs");
		}
	}

	private static JsonObject readDescriptor(final ZipFile zip, final Path file) throws IOException {
		final ZipEntry entry = zip.getEntry(DESCRIPTOR);
		if (entry == null) throw new ModelFileException(file + " is not a Scribble2Label model: it has no " + DESCRIPTOR + ".");
		final JsonObject json;
		try (Reader reader = new InputStreamReader(new java.io.ByteArrayInputStream(BoundedZipReading.read(zip, entry,
			MAX_DESCRIPTOR_BYTES, "far more than a model description needs")), StandardCharsets.UTF_8))
		{
			final JsonElement parsed = JsonParser.parseReader(reader);
			if (!parsed.isJsonObject()) throw invalid(file, DESCRIPTOR + " is not a JSON object");
			json = parsed.getAsJsonObject();
		}
		if (!json.has("format") || !FORMAT.equals(json.get("format").getAsString()))
			throw new ModelFileException(file + " is not a Scribble2Label model (its " + DESCRIPTOR + " names another format).");
		final JsonElement versionEntry = json.get("formatVersion");
		if (versionEntry == null || !versionEntry.isJsonPrimitive() || !versionEntry.getAsJsonPrimitive().isNumber())
			throw invalid(file, "its " + DESCRIPTOR + " has no format version");
		final int version = versionEntry.getAsInt();
		if (version > FORMAT_VERSION)
			throw new ModelFileException(file + " was saved by a newer Scribble2Label (model format " + version +
				"; this version reads up to " + FORMAT_VERSION + "). Update Scribble2Label in Fiji (Help > Update...).");
		if (version < 1) throw invalid(file, "unknown format version " + version);
		return json;
	}

	private static NetworkSpec readSpec(final JsonObject json, final Path file) throws ModelFileException {
		return NetworkTypes.fromJson(requireObject(json, "architecture", file));
	}

	private static JsonObject requireObject(final JsonObject json, final String key, final Path file) throws ModelFileException {
		final JsonElement e = json.get(key);
		if (e == null || !e.isJsonObject()) throw invalid(file, "'" + key + "' is missing");
		return e.getAsJsonObject();
	}

	private static JsonArray requireArray(final JsonObject json, final String key, final Path file) throws ModelFileException {
		final JsonElement e = json.get(key);
		if (e == null || !e.isJsonArray()) throw invalid(file, "'" + key + "' is missing");
		return e.getAsJsonArray();
	}

	private static ModelFileException invalid(final Path file, final String why) {
		return new ModelFileException("The model file " + file + " is damaged or incomplete: " + why +
			". Train again or use another copy of the model.");
	}
}
