package org.scribble2label.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one mapping from named training options to a {@link TrainingConfig}, shared by the command
 * line ({@code --crops 2000}), the Fiji commands, their macros and the script templates
 * ({@code training_crops=2000}). An option added here reaches all of them; an option not set
 * keeps the preset's value.
 */
public final class TrainingOptions {

	/** One option: its command-line name, its parameter name in Fiji (null: none), and whether 0 there means "the preset's". */
	public enum Option {
		PRESET("preset", "preset", false),
		CROPS("crops", "training_crops", true),
		WARMUP("warmup", "warmup_crops", true),
		ENSEMBLE_PERIOD("ensemble-period", "ensemble_period", true),
		DEPTH("depth", "network_depth", true),
		WIDTH("width", "network_width", true),
		CROP_SIZE("crop-size", "crop_size", true),
		BATCH_SIZE("batch-size", "batch_size", true),
		SEED("seed", "seed", false),
		DEVICE("device", "device", false),
		// Fiji has tau and alpha themselves; --noisy is the command line's short form of tau 0.95, alpha 0.1.
		NOISY("noisy", null, false),
		TAU("tau", "tau", false),
		ALPHA("alpha", "alpha", false),
		LAMBDA("lambda", "lambda", false),
		CRF_WEIGHT("crf-weight", "crf_weight", false),
		LEARNING_RATE("learning-rate", "learning_rate", true),
		BALANCE_CLASSES("balance-classes", "balance_classes", false),
		// Fiji composes it from its start choice and model file (StartFrom's forms).
		START("start", null, false);

		public final String commandLineName;
		/** The key in Fiji's dialogs, macros and scripts; null where Fiji sets it another way. */
		public final String parameterName;
		final boolean zeroMeansPreset;

		Option(final String commandLineName, final String parameterName, final boolean zeroMeansPreset) {
			this.commandLineName = commandLineName;
			this.parameterName = parameterName;
			this.zeroMeansPreset = zeroMeansPreset;
		}
	}

	private final EnumMap<Option, String> values = new EnumMap<>(Option.class);

	/** Sets an option; null or an empty text unsets it (the preset's value). */
	public TrainingOptions set(final Option option, final Object value) {
		final String text = value == null ? "" : String.valueOf(value).trim();
		if (text.isEmpty()) values.remove(option);
		else values.put(option, text);
		return this;
	}

	/** The options that are set, by command-line name. */
	public Map<Option, String> values() {
		return Collections.unmodifiableMap(values);
	}

	/**
	 * The options of a command line.
	 *
	 * @param value the value of an option by its command-line name ({@code "true"} for a bare flag)
	 * @param only the options to read; none: all
	 */
	public static TrainingOptions fromCommandLine(final Function<String, Optional<String>> value, final Option... only) {
		final TrainingOptions o = new TrainingOptions();
		for (final Option option : only.length == 0 ? Option.values() : only)
			value.apply(option.commandLineName).ifPresent(v -> o.set(option, v));
		return o;
	}

	/**
	 * The options of a Fiji command or script, by parameter name. Numbers marked "0 = preset"
	 * in the dialogs (lengths, network, crops, learning rate) keep the preset's value at 0;
	 * a parameter that is missing keeps it too.
	 */
	public static TrainingOptions fromParameters(final Map<String, ?> parameters) {
		final TrainingOptions o = new TrainingOptions();
		for (final Option option : Option.values()) {
			if (option.parameterName == null || !parameters.containsKey(option.parameterName)) continue;
			final Object v = parameters.get(option.parameterName);
			if (option.zeroMeansPreset && v instanceof Number && ((Number) v).doubleValue() == 0) continue;
			o.set(option, v);
		}
		return o;
	}

	/** The parameter names Fiji's training commands and scripts give, in order. */
	public static List<String> parameterNames() {
		final List<String> names = new ArrayList<>();
		for (final Option option : Option.values())
			if (option.parameterName != null) names.add(option.parameterName);
		return names;
	}

	/** The preset's configuration with these options applied, for a training from random weights. */
	public TrainingConfig toConfig() {
		return toConfig(false);
	}

	/**
	 * The preset's configuration with these options applied.
	 *
	 * @param fromTrainedModel whether the training starts from a trained model: the fast preset
	 *          then becomes {@link TrainingConfig#fineTuning()}
	 */
	public TrainingConfig toConfig(final boolean fromTrainedModel) {
		TrainingConfig base = preset(values.getOrDefault(Option.PRESET, "fast"));
		if (fromTrainedModel && base.equals(TrainingConfig.fastCpu())) base = TrainingConfig.fineTuning();
		return applyTo(base.toBuilder()).build();
	}

	/** Where the training starts (automatic when not set). */
	public org.scribble2label.core.starter.StartFrom startFrom() {
		return org.scribble2label.core.starter.StartFrom.parse(values.getOrDefault(Option.START, "auto"));
	}

	/**
	 * Applies the options that are set (except the preset) to a configuration. Noisy data comes
	 * before tau and alpha, so explicit values win.
	 */
	public TrainingConfig.Builder applyTo(final TrainingConfig.Builder b) {
		for (final Map.Entry<Option, String> e : values.entrySet()) {
			final String v = e.getValue();
			switch (e.getKey()) {
				case PRESET: case START: break;
				case CROPS: b.trainingLength(length(e.getKey(), v)); break;
				case WARMUP: b.warmup(length(e.getKey(), v)); break;
				case ENSEMBLE_PERIOD: b.ensemblePeriod(length(e.getKey(), v)); break;
				case DEPTH: b.depth(small(e.getKey(), v)); break;
				case WIDTH: b.baseWidth(small(e.getKey(), v)); break;
				case CROP_SIZE: b.cropSize(small(e.getKey(), v)); break;
				case BATCH_SIZE: b.batchSize(small(e.getKey(), v)); break;
				case SEED: b.seed(integer(e.getKey(), v)); break;
				case DEVICE: b.device(device(v)); break;
				case NOISY: if (bool(e.getKey(), v)) b.noisyData(); break;
				case TAU: b.tau(number(e.getKey(), v)); break;
				case ALPHA: b.alpha(number(e.getKey(), v)); break;
				case LAMBDA: b.lambda(number(e.getKey(), v)); break;
				case CRF_WEIGHT: b.crfWeight(number(e.getKey(), v)); break;
				// The cosine decays to a hundredth of the initial rate, as the presets do.
				case LEARNING_RATE: final double lr = number(e.getKey(), v); b.learningRate(lr).finalLearningRate(lr / 100); break;
				case BALANCE_CLASSES: b.balanceClasses(bool(e.getKey(), v)); break;
				default: throw new AssertionError(e.getKey());
			}
		}
		return b;
	}

	/** "fast", "fast (CPU)", "paper" or "paper (GPU)". */
	public static TrainingConfig preset(final String name) {
		final String first = name.trim().split("[\\s(]", 2)[0].toLowerCase(Locale.ROOT);
		switch (first) {
			case "fast": return TrainingConfig.fastCpu();
			case "paper": return TrainingConfig.paper();
			default: throw new IllegalArgumentException("Unknown preset '" + name + "': use fast or paper.");
		}
	}

	/** auto, CPU or GPU, in any case. */
	public static DeviceChoice device(final String name) {
		switch (name.trim().toLowerCase(Locale.ROOT)) {
			case "auto": return DeviceChoice.AUTO;
			case "cpu": return DeviceChoice.CPU;
			case "gpu": return DeviceChoice.GPU;
			default: throw new IllegalArgumentException("Unknown device '" + name + "': use auto, CPU or GPU.");
		}
	}

	private static String name(final Option o) {
		return o.parameterName == null ? "--" + o.commandLineName : o.parameterName + " (--" + o.commandLineName + ")";
	}

	private static Length length(final Option o, final String v) {
		try {
			return Length.parse(v);
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException("Training option " + name(o) + ": " + e.getMessage(), e);
		}
	}

	private static long integer(final Option o, final String v) {
		try {
			final double d = Double.parseDouble(v);
			if (d != Math.rint(d)) throw new NumberFormatException();
			return (long) d;
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException("Training option " + name(o) + ": '" + v + "' is not a whole number.");
		}
	}

	private static int small(final Option o, final String v) {
		final long n = integer(o, v);
		if (n < 0 || n > Integer.MAX_VALUE) throw new IllegalArgumentException("Training option " + name(o) + ": " + v + " is out of range.");
		return (int) n;
	}

	private static double number(final Option o, final String v) {
		try {
			final double d = Double.parseDouble(v);
			if (!Double.isFinite(d)) throw new NumberFormatException();
			return d;
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException("Training option " + name(o) + ": '" + v + "' is not a number (use a dot, e.g. 0.8).");
		}
	}

	private static boolean bool(final Option o, final String v) {
		if (v.equalsIgnoreCase("true")) return true;
		if (v.equalsIgnoreCase("false")) return false;
		throw new IllegalArgumentException("Training option " + name(o) + ": use true or false, not '" + v + "'.");
	}
}
