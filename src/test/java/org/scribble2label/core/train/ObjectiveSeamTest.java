package org.scribble2label.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;

import org.scribble2label.core.Length;
import org.scribble2label.core.SyntheticImages;
import org.scribble2label.core.TrainingImage;
import org.scribble2label.core.model.Scribble2LabelModel;

/** A loss term and a pseudo-label source plugged in from outside reach the training and its progress events. */
class ObjectiveSeamTest {

	private static final SyntheticImages DATA = SyntheticImages.create(64, 3);

	/** A regulariser of the kind rLoss is: the mean foreground probability over all pixels. */
	private static final LossTerm FOREGROUND_SHARE = new LossTerm() {
		@Override
		public String name() {
			return "foreground share";
		}

		@Override
		public NDArray evaluate(final BatchArrays batch, final NDArray logits) {
			return logits.softmax(1).get(":, 1").mean();
		}
	};

	private static List<TrainingImage> images() {
		return Collections.singletonList(new TrainingImage("synthetic", DATA.image, DATA.scribbles));
	}

	@Test
	void anAddedLossTermIsTrainedOnAndReportedByName() throws Exception {
		final RecordingListener recorder = new RecordingListener();
		try (Scribble2LabelModel model = new Scribble2LabelTrainer(SyntheticImages.tinyConfig().baseWidth(16)
			.trainingLength(Length.crops(24)).warmup(Length.crops(8)).ensemblePeriod(Length.crops(8)).build())
			.lossTerm(FOREGROUND_SHARE, 0.1).listener(recorder).start(images()).await().model())
		{
			assertEquals(List.of("scribble", "pseudo-label", "foreground share"), recorder.start.lossTerms);
			for (final StepProgress s : recorder.steps) {
				final LossValues l = s.losses;
				assertEquals(List.of("scribble", "pseudo-label", "foreground share"), new ArrayList<>(l.terms().keySet()));
				final double share = l.get("foreground share");
				assertTrue(share > 0 && share < 1, "a mean probability: " + share);
				assertEquals(l.get("scribble") + 0.5 * l.get("pseudo-label") + 0.1 * share, l.total(), 1e-5, "the weighted sum");
				assertTrue(l.toString().contains("foreground share "), l.toString());
			}
			assertTrue(recorder.epochs.get(0).meanLosses.get("foreground share") > 0);
			assertTrue(recorder.epochs.get(0).meanLosses.asMap().containsKey(LossValues.TOTAL));
		}
	}

	@Test
	void theCrfWeightOfTheConfigurationAddsRLosssRegulariser() throws Exception {
		final RecordingListener recorder = new RecordingListener();
		try (Scribble2LabelModel model = new Scribble2LabelTrainer(SyntheticImages.tinyConfig().baseWidth(16)
			.trainingLength(Length.crops(16)).warmup(Length.crops(8)).ensemblePeriod(Length.crops(8)).crfWeight(2).build())
			.listener(recorder).start(images()).await().model())
		{
			assertEquals(List.of("scribble", "pseudo-label", "crf"), recorder.start.lossTerms);
			for (final StepProgress s : recorder.steps) {
				final LossValues l = s.losses;
				assertTrue(l.get("crf") > 0 && l.get("crf") < 1, "a weighted mean over pairs: " + l.get("crf"));
				assertEquals(l.get("scribble") + 0.5 * l.get("pseudo-label") + 2 * l.get("crf"), l.total(), 1e-5);
			}
			assertEquals(2, model.config().crfWeight());
		}
	}

	@Test
	void aPseudoLabelSourceGivenToTheTrainerLabelsTheCrops() throws Exception {
		// A "classical proposal": every unscribbled pixel is background.
		final PseudoLabelStrategy allBackground = new PseudoLabelStrategy() {
			@Override
			public PixelLabels pixelLabels(final PredictionEnsemble ensemble) {
				return (image, pixel) -> 0;
			}

			@Override
			public String describe() {
				return "everything background";
			}
		};
		final RecordingListener recorder = new RecordingListener();
		try (Scribble2LabelModel model = new Scribble2LabelTrainer(SyntheticImages.tinyConfig().baseWidth(16)
			.trainingLength(Length.crops(24)).warmup(Length.crops(8)).build()).pseudoLabels(allBackground).listener(recorder)
			.start(images()).await().model())
		{
			assertTrue(recorder.start.schedule.toString().contains("then everything background"), recorder.start.schedule.toString());
			assertFalse(recorder.steps.get(0).pseudoLabels, "warm-up");
			assertEquals(0, recorder.steps.get(0).losses.get("pseudo-label"), 0);
			final StepProgress last = recorder.steps.get(recorder.steps.size() - 1);
			assertTrue(last.pseudoLabels);
			assertTrue(last.losses.get("pseudo-label") > 0, last.losses.toString());
		}
	}

	@Test
	void termNamesAreUnique() {
		final TrainingObjective objective = TrainingObjective.scribble2Label(0.5, PseudoLabelStrategies.none());
		assertEquals(List.of("scribble"), objective.names());
		assertThrows(IllegalArgumentException.class, () -> objective.add(ScribbleLoss.SCRIBBLES, 1));
		assertThrows(IllegalArgumentException.class, () -> objective.add(new LossTerm() {
			@Override
			public String name() {
				return LossValues.TOTAL;
			}

			@Override
			public NDArray evaluate(final BatchArrays batch, final NDArray logits) {
				return null;
			}
		}, 1));
	}
}
