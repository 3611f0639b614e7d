package org.scribble2label.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.scribble2label.core.Length;
import org.scribble2label.core.TrainingConfig;

class TrainingScheduleTest {

	@Test
	void anEpochIsOnePassOverTheTrainingPixels() {
		final TrainingConfig config = TrainingConfig.fastCpu().toBuilder().cropSize(128).batchSize(8)
			.trainingLength(Length.epochs(10)).warmup(Length.epochs(4)).ensemblePeriod(Length.epochs(2))
			.maxEnsembleShare(0).build();
		final TrainingSchedule one = new TrainingSchedule(config, 512 * 512);
		assertEquals(16, one.cropsPerEpoch());
		assertEquals(160, one.totalCrops());
		assertEquals(64, one.warmupCrops());
		assertEquals(32, one.requestedEnsembleInterval());
		// 2 epochs would give the 96 crops after warm-up 3 passes: shortened to 4.
		assertEquals(24, one.ensembleInterval());
		final TrainingSchedule many = new TrainingSchedule(config, 300L * 512 * 512);
		assertEquals(4800, many.cropsPerEpoch());
		// A tiny image still has at least one batch per epoch.
		assertEquals(8, new TrainingSchedule(config, 64 * 64).cropsPerEpoch());
	}

	@Test
	void aMeasuredPassThatCostsMoreThanEstimatedLengthensThePeriod() {
		final TrainingConfig config = TrainingConfig.fastCpu().toBuilder().cropSize(128).batchSize(8)
			.trainingLength(Length.crops(6000)).warmup(Length.crops(2000)).ensemblePeriod(Length.crops(100))
			.maxEnsembleShare(0.2).build();
		final TrainingSchedule s = new TrainingSchedule(config, 48_000_000);
		final long planned = s.ensembleInterval();
		// A pass of 78 s at 18 crops/s costs 1404 crops of training: at 20% the period is 4 x that.
		assertTrue(s.replanFromMeasuredPass(78, 18));
		assertEquals((long) Math.ceil(78 * 18 * 4.0), s.ensembleInterval());
		assertTrue(s.ensembleInterval() > planned);
		// Cheaper passes never shorten it again, and nonsense measurements change nothing.
		assertFalse(s.replanFromMeasuredPass(1, 18));
		assertFalse(s.replanFromMeasuredPass(Double.NaN, 18));
		assertEquals((long) Math.ceil(78 * 18 * 4.0), s.ensembleInterval());
	}

	@Test
	void ensemblePeriodIsLengthenedToBoundItsShareOfTime() {
		final TrainingConfig config = TrainingConfig.fastCpu().toBuilder().cropSize(128).batchSize(8)
			.trainingLength(Length.crops(100_000)).ensemblePeriod(Length.crops(100)).maxEnsembleShare(0.2).build();
		final long pixels = 48_000_000;
		final TrainingSchedule s = new TrainingSchedule(config, pixels);
		// A pass costs pixels / 3 / crop pixels = 976.6 crops; at 20% the period must be 4 x that.
		assertEquals((long) Math.ceil(pixels / 3.0 / (128 * 128) * 4), s.ensembleInterval());
		assertEquals(100, s.requestedEnsembleInterval());
	}

	@Test
	void aPeriodLongerThanThePseudoLabelPhaseIsShortened() {
		// Four 1024 x 1024 images, 2000 crops with 800 of warm-up: 5 epochs would be 1280 crops.
		final TrainingSchedule s = new TrainingSchedule(TrainingConfig.fastCpu(), 4L * 1024 * 1024);
		assertEquals(1280, s.requestedEnsembleInterval());
		// (2000 - 800) / 4 = 300, below the share bound: the bound wins (4 x 4 Mpx / 3 / 16384 crops).
		assertEquals((long) Math.ceil(4.0 * 1024 * 1024 / 3 / 16384 * 4), s.ensembleInterval());
		assertTrue(s.passesAfterWarmup() >= 3);
	}

	@Test
	void noEnsemblePassJustBeforeTheEnd() {
		final TrainingConfig config = TrainingConfig.fastCpu().toBuilder().trainingLength(Length.crops(1000))
			.warmup(Length.crops(200)).ensemblePeriod(Length.crops(200)).maxEnsembleShare(0).build();
		final TrainingSchedule s = new TrainingSchedule(config, 256 * 256);
		assertTrue(s.worthAnotherPass(900));
		assertFalse(s.worthAnotherPass(901));
	}

	@Test
	void cosineLearningRateFromInitialToFinal() {
		final TrainingConfig config = TrainingConfig.fastCpu().toBuilder().learningRate(1e-3).finalLearningRate(1e-5)
			.trainingLength(Length.crops(1000)).build();
		final TrainingSchedule s = new TrainingSchedule(config, 256 * 256);
		assertEquals(1e-3, s.learningRate(0), 1e-12);
		assertEquals((1e-3 + 1e-5) / 2, s.learningRate(500), 1e-12);
		assertEquals(1e-5, s.learningRate(1000), 1e-12);
	}

	@Test
	void noPseudoLabelPhaseWhenWarmUpCoversTheRun() {
		final TrainingConfig config = TrainingConfig.fastCpu().toBuilder().trainingLength(Length.crops(800))
			.warmup(Length.crops(2000)).build();
		final TrainingSchedule s = new TrainingSchedule(config, 256 * 256);
		assertFalse(s.hasPseudoLabelPhase());
		assertEquals(800, s.warmupCrops());
		assertTrue(new TrainingSchedule(TrainingConfig.fastCpu(), 256 * 256).hasPseudoLabelPhase());
	}
}
