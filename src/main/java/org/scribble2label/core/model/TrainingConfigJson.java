package org.scribble2label.core.model;

import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import org.scribble2label.core.DeviceChoice;
import org.scribble2label.core.Length;
import org.scribble2label.core.PseudoLabels;
import org.scribble2label.core.TrainingConfig;
import org.scribble2label.core.TrainingConfig.Builder;

/**
 * The training configuration in the model file: an explicit list of keys, versioned, so that
 * renaming a field in {@link TrainingConfig} cannot change the file format. Version 1 has the
 * keys that files written before this class (by reflection over the builder) already had, so
 * those read as version 1. A missing key takes the builder's default; unknown keys are ignored.
 */
final class TrainingConfigJson {

	static final String VERSION_KEY = "configVersion";
	static final int VERSION = 1;

	/** One or more keys of the schema: how they are written and read. */
	private interface Key {
		void write(TrainingConfig config, JsonObject json);

		void read(JsonObject json, Builder builder, TrainingConfig defaults);
	}

	private static final List<Key> KEYS = Arrays.asList(
		integer("depth", TrainingConfig::depth, Builder::depth),
		integer("baseWidth", TrainingConfig::baseWidth, Builder::baseWidth),
		integer("cropSize", TrainingConfig::cropSize, Builder::cropSize),
		integer("batchSize", TrainingConfig::batchSize, Builder::batchSize),
		pair("lowPercentile", TrainingConfig::lowPercentile, "highPercentile", TrainingConfig::highPercentile, Builder::percentiles),
		length("trainingLength", TrainingConfig::trainingLength, Builder::trainingLength),
		length("warmup", TrainingConfig::warmup, Builder::warmup),
		length("ensemblePeriod", TrainingConfig::ensemblePeriod, Builder::ensemblePeriod),
		real("maxEnsembleShare", TrainingConfig::maxEnsembleShare, Builder::maxEnsembleShare),
		real("tau", TrainingConfig::tau, Builder::tau),
		real("alpha", TrainingConfig::alpha, Builder::alpha),
		real("lambda", TrainingConfig::lambda, Builder::lambda),
		onlyWhenPositive("crfWeight", TrainingConfig::crfWeight, Builder::crfWeight),
		key("pseudoLabels", c -> c.pseudoLabels().name(), (b, e) -> b.pseudoLabels(PseudoLabels.valueOf(e.getAsString()))),
		bool("balanceClasses", TrainingConfig::balanceClasses, Builder::balanceClasses),
		onlyWhenSet("cropsOnScribbles", TrainingConfig::cropsOnScribbles, Builder::cropsOnScribbles),
		onlyWhenSet("freezeNormalization", TrainingConfig::freezeNormalization, Builder::freezeNormalization),
		real("learningRate", TrainingConfig::learningRate, Builder::learningRate),
		real("finalLearningRate", TrainingConfig::finalLearningRate, Builder::finalLearningRate),
		real("weightDecay", TrainingConfig::weightDecay, Builder::weightDecay),
		pair("beta1", TrainingConfig::beta1, "beta2", TrainingConfig::beta2, Builder::betas),
		real("epsilon", TrainingConfig::epsilon, Builder::epsilon),
		bool("augment", TrainingConfig::augment, Builder::augment),
		real("affineProbability", TrainingConfig::affineProbability, Builder::affineProbability),
		real("maxRotationDegrees", TrainingConfig::maxRotationDegrees, Builder::maxRotationDegrees),
		real("scaleRange", TrainingConfig::scaleRange, Builder::scaleRange),
		real("shiftFraction", TrainingConfig::shiftFraction, Builder::shiftFraction),
		real("intensityProbability", TrainingConfig::intensityProbability, Builder::intensityProbability),
		real("brightnessRange", TrainingConfig::brightnessRange, Builder::brightnessRange),
		real("contrastRange", TrainingConfig::contrastRange, Builder::contrastRange),
		key("seed", c -> c.seed(), (b, e) -> b.seed(e.getAsLong())),
		key("device", c -> c.device().name(), (b, e) -> b.device(DeviceChoice.valueOf(e.getAsString()))),
		integer("tileSize", TrainingConfig::tileSize, Builder::tileSize),
		key("predictionBatchPixels", c -> c.predictionBatchPixels(), (b, e) -> b.predictionBatchPixels(e.getAsLong())));

	private TrainingConfigJson() {}

	static JsonObject write(final TrainingConfig config) {
		final JsonObject json = new JsonObject();
		json.addProperty(VERSION_KEY, VERSION);
		for (final Key key : KEYS)
			key.write(config, json);
		return json;
	}

	/**
	 * @throws IllegalArgumentException for a newer version, a value of the wrong kind or an invalid setting
	 */
	static TrainingConfig read(final JsonObject json) {
		final JsonElement version = json.get(VERSION_KEY);
		if (version != null && version.getAsInt() > VERSION)
			throw new IllegalArgumentException("its training settings have a newer format (" + version + ")");
		final TrainingConfig defaults = new Builder().build();
		final Builder builder = new Builder();
		for (final Key key : KEYS)
			key.read(json, builder, defaults);
		return builder.build();
	}

	private static Key key(final String name, final Function<TrainingConfig, Object> get,
		final BiConsumer<Builder, JsonElement> set)
	{
		return new Key() {
			@Override
			public void write(final TrainingConfig config, final JsonObject json) {
				final Object value = get.apply(config);
				if (value instanceof Number) json.addProperty(name, (Number) value);
				else if (value instanceof Boolean) json.addProperty(name, (Boolean) value);
				else json.addProperty(name, value.toString());
			}

			@Override
			public void read(final JsonObject json, final Builder builder, final TrainingConfig defaults) {
				final JsonElement e = json.get(name);
				if (e != null && !e.isJsonNull()) set.accept(builder, e);
			}
		};
	}

	private static Key integer(final String name, final Function<TrainingConfig, Integer> get,
		final BiConsumer<Builder, Integer> set)
	{
		return key(name, get::apply, (b, e) -> set.accept(b, e.getAsInt()));
	}

	private static Key real(final String name, final Function<TrainingConfig, Double> get,
		final BiConsumer<Builder, Double> set)
	{
		return key(name, get::apply, (b, e) -> set.accept(b, e.getAsDouble()));
	}

	private static Key bool(final String name, final Function<TrainingConfig, Boolean> get,
		final BiConsumer<Builder, Boolean> set)
	{
		return key(name, get::apply, (b, e) -> set.accept(b, e.getAsBoolean()));
	}

	/** A number added after version 1, written only when above 0 (as {@link #onlyWhenSet}). */
	private static Key onlyWhenPositive(final String name, final Function<TrainingConfig, Double> get,
		final BiConsumer<Builder, Double> set)
	{
		return writtenOnlyWhen(real(name, get, set), c -> get.apply(c) > 0);
	}

	/**
	 * A switch added after version 1, written only when on: files without it read as off, and a
	 * model that does not use it keeps exactly the layout of version 1.
	 */
	private static Key onlyWhenSet(final String name, final Function<TrainingConfig, Boolean> get,
		final BiConsumer<Builder, Boolean> set)
	{
		return writtenOnlyWhen(bool(name, get, set), get::apply);
	}

	/** A key that is read as usual but written only when {@code when} holds. */
	private static Key writtenOnlyWhen(final Key key, final java.util.function.Predicate<TrainingConfig> when) {
		return new Key() {
			@Override
			public void write(final TrainingConfig config, final JsonObject json) {
				if (when.test(config)) key.write(config, json);
			}

			@Override
			public void read(final JsonObject json, final Builder builder, final TrainingConfig defaults) {
				key.read(json, builder, defaults);
			}
		};
	}

	/** {"amount": 5.0, "unit": "EPOCHS"}. */
	private static Key length(final String name, final Function<TrainingConfig, Length> get,
		final BiConsumer<Builder, Length> set)
	{
		return new Key() {
			@Override
			public void write(final TrainingConfig config, final JsonObject json) {
				final JsonObject length = new JsonObject();
				length.addProperty("amount", get.apply(config).amount());
				length.addProperty("unit", get.apply(config).unit().name());
				json.add(name, length);
			}

			@Override
			public void read(final JsonObject json, final Builder builder, final TrainingConfig defaults) {
				final JsonElement e = json.get(name);
				if (e == null || e.isJsonNull()) return;
				final JsonObject length = e.getAsJsonObject();
				final double amount = length.get("amount").getAsDouble();
				set.accept(builder, Length.Unit.valueOf(length.get("unit").getAsString()) == Length.Unit.CROPS
					? Length.crops(Math.round(amount)) : Length.epochs(amount));
			}
		};
	}

	/** Two numbers the builder sets together; a missing one takes its default. */
	private static Key pair(final String first, final Function<TrainingConfig, Double> getFirst, final String second,
		final Function<TrainingConfig, Double> getSecond, final PairSetter set)
	{
		return new Key() {
			@Override
			public void write(final TrainingConfig config, final JsonObject json) {
				json.addProperty(first, getFirst.apply(config));
				json.addProperty(second, getSecond.apply(config));
			}

			@Override
			public void read(final JsonObject json, final Builder builder, final TrainingConfig defaults) {
				final JsonElement a = json.get(first), b = json.get(second);
				set.accept(builder, a == null || a.isJsonNull() ? getFirst.apply(defaults) : a.getAsDouble(),
					b == null || b.isJsonNull() ? getSecond.apply(defaults) : b.getAsDouble());
			}
		};
	}

	private interface PairSetter {
		void accept(Builder builder, double first, double second);
	}
}
