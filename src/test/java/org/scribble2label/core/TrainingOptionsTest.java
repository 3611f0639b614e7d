package org.scribble2label.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The one options-to-configuration mapping of the command line, the Fiji commands and the templates. */
class TrainingOptionsTest {

	private static TrainingConfig cli(final String... keyValues) {
		final Map<String, String> m = new HashMap<>();
		for (int i = 0; i < keyValues.length; i += 2)
			m.put(keyValues[i], keyValues[i + 1]);
		return TrainingOptions.fromCommandLine(k -> Optional.ofNullable(m.get(k))).toConfig();
	}

	@Test
	void everyCommandLineOptionChangesTheConfiguration() {
		final TrainingConfig fast = TrainingConfig.fastCpu();
		assertEquals(fast, cli());
		assertEquals(TrainingConfig.paper(), cli("preset", "paper"));
		assertEquals(TrainingConfig.paper(), TrainingOptions.fromParameters(Map.of("preset", "paper (GPU)")).toConfig());
		assertEquals(Length.crops(300), cli("crops", "300").trainingLength());
		assertEquals(Length.epochs(5), cli("warmup", "5 epochs").warmup());
		assertEquals(Length.crops(64), cli("ensemble-period", "64").ensemblePeriod());
		assertEquals(3, cli("depth", "3").depth());
		assertEquals(24, cli("width", "24").baseWidth());
		assertEquals(64, cli("crop-size", "64").cropSize());
		assertEquals(2, cli("batch-size", "2").batchSize());
		assertEquals(7, cli("seed", "7").seed());
		assertEquals(DeviceChoice.CPU, cli("device", "cpu").device());
		assertEquals(0.95, cli("noisy", "true").tau());
		assertEquals(0.1, cli("noisy", "true").alpha());
		assertEquals(0.9, cli("noisy", "true", "tau", "0.9").tau(), "an explicit tau wins over --noisy");
		assertEquals(0.3, cli("alpha", "0.3").alpha());
		assertEquals(0.7, cli("lambda", "0.7").lambda());
		assertEquals(1.5, cli("crf-weight", "1.5").crfWeight());
		assertEquals(1e-3, cli("learning-rate", "1e-3").learningRate());
		assertEquals(1e-5, cli("learning-rate", "1e-3").finalLearningRate(), 1e-12);
		assertTrue(cli("balance-classes", "true").balanceClasses());
		for (final TrainingOptions.Option o : TrainingOptions.Option.values())
			assertTrue(o == TrainingOptions.Option.PRESET || o == TrainingOptions.Option.DEVICE || o == TrainingOptions.Option.START ||
				!cli(o.commandLineName, sample(o)).equals(fast), o + " changes nothing");
	}

	@Test
	void aTrainedStartTurnsTheFastPresetIntoFineTuning() {
		final TrainingOptions none = new TrainingOptions();
		assertEquals(org.scribble2label.core.starter.StartFrom.Kind.AUTOMATIC, none.startFrom().kind());
		assertEquals(TrainingConfig.fineTuning(), none.toConfig(true));
		assertEquals(TrainingConfig.fastCpu(), none.toConfig(false));
		assertTrue(TrainingConfig.fineTuning().freezeNormalization());
		assertEquals(0, TrainingConfig.fineTuning().warmup().amount());
		// Explicit options still win, and the paper preset stays the paper's.
		assertEquals(Length.crops(120), new TrainingOptions().set(TrainingOptions.Option.CROPS, 120).toConfig(true).trainingLength());
		assertEquals(TrainingConfig.paper(), new TrainingOptions().set(TrainingOptions.Option.PRESET, "paper").toConfig(true));
		assertEquals(org.scribble2label.core.starter.StartFrom.Kind.NONE,
			new TrainingOptions().set(TrainingOptions.Option.START, "none").startFrom().kind());
		assertEquals(org.scribble2label.core.starter.StartFrom.Kind.STARTER,
			new TrainingOptions().set(TrainingOptions.Option.START, "bright-field").startFrom().kind());
	}

	/** A value different from the fast preset's, per option. */
	static String sample(final TrainingOptions.Option o) {
		switch (o) {
			case PRESET: return "paper";
			case CROPS: return "300";
			case WARMUP: return "100";
			case ENSEMBLE_PERIOD: return "64";
			case DEPTH: return "3";
			case WIDTH: return "24";
			case CROP_SIZE: return "64";
			case BATCH_SIZE: return "2";
			case SEED: return "7";
			case DEVICE: return "CPU";
			case NOISY: case BALANCE_CLASSES: return "true";
			case TAU: return "0.9";
			case ALPHA: return "0.3";
			case LAMBDA: return "0.7";
			case CRF_WEIGHT: return "1.5";
			case LEARNING_RATE: return "0.001";
			case START: return "none";
			default: throw new AssertionError(o);
		}
	}

	@Test
	void fijiParametersKeepThePresetAtZeroAndSayWhatIsWrong() {
		final Map<String, Object> p = new HashMap<>();
		p.put("training_crops", 0);
		p.put("network_width", 0);
		p.put("learning_rate", 0.0);
		p.put("tau", 0.8);
		assertEquals(TrainingConfig.fastCpu(), TrainingOptions.fromParameters(p).toConfig());
		p.put("tau", "0,9");
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> TrainingOptions.fromParameters(p).toConfig());
		assertTrue(e.getMessage().contains("tau (--tau): '0,9' is not a number (use a dot"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> cli("preset", "slow"));
		assertThrows(IllegalArgumentException.class, () -> cli("device", "tpu"));
	}
}
