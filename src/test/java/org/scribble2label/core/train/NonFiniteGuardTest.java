package org.scribble2label.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import org.scribble2label.core.DeviceChoice;
import org.scribble2label.core.Length;
import org.scribble2label.core.NonFiniteException;
import org.scribble2label.core.NumericAssertions;
import org.scribble2label.core.SyntheticImages;
import org.scribble2label.core.TrainingImage;
import org.scribble2label.core.model.FiniteParameters;
import org.scribble2label.core.model.ModelFileException;
import org.scribble2label.core.model.Scribble2LabelModel;
import org.scribble2label.core.model.UncheckedModelFiles;

/**
 * NaN and infinity never pass as a result: a diverging training fails with a message and keeps
 * nothing, broken weights are neither saved nor loaded, and predictions refuse them.
 */
class NonFiniteGuardTest {

	private static final SyntheticImages DATA = SyntheticImages.create(64, 3);
	private static Scribble2LabelModel finite;

	private static List<TrainingImage> trainingSet() {
		return Collections.singletonList(new TrainingImage("synthetic", DATA.image, DATA.scribbles));
	}

	@BeforeAll
	static void trainTinyModel() throws Exception {
		finite = new Scribble2LabelTrainer(SyntheticImages.tinyConfig().trainingLength(Length.crops(8)).build())
			.start(trainingSet()).await().model();
	}

	@AfterAll
	static void close() {
		if (finite != null) finite.close();
	}

	/** Turns one weight of the first convolution of {@code model} into NaN, in place. */
	private static void poison(final Scribble2LabelModel model) {
		final Pair<String, Parameter> first = model.network().getParameters().get(0);
		final NDArray weights = first.getValue().getArray();
		final float[] values = weights.toFloatArray();
		values[0] = Float.NaN;
		weights.set(values);
	}

	@Test
	void aTrainedModelIsFiniteAndPredictsProbabilities() {
		assertTrue(FiniteParameters.weightsFinite(finite.network()));
		NumericAssertions.assertProbabilities(finite.predict(DATA.image).probabilities(), "probabilities");
	}

	@Test
	void trainingFromNaNWeightsFailsAtItsFirstStepAndKeepsNothing(@TempDir final Path folder) throws Exception {
		final Path file = folder.resolve("start.zip");
		finite.save(file, false);
		try (Scribble2LabelModel start = Scribble2LabelModel.load(file, DeviceChoice.CPU)) {
			poison(start);
			assertFalse(FiniteParameters.weightsFinite(start.network()));
			final List<TrainingSummary> summaries = new ArrayList<>();
			final List<StepProgress> steps = new ArrayList<>();
			final TrainingListener recorder = new TrainingListener() {
				@Override
				public void stepFinished(final StepProgress s) {
					steps.add(s);
				}

				@Override
				public void finished(final TrainingSummary s) {
					summaries.add(s);
				}
			};
			final TrainingHandle handle = new Scribble2LabelTrainer(SyntheticImages.tinyConfig().build()).continueFrom(start)
				.listener(recorder).start(trainingSet());
			final TrainingDivergedException e = assertThrows(TrainingDivergedException.class, handle::await);
			assertTrue(e.getMessage().contains("diverged at step 1"), e.getMessage());
			assertTrue(e.getMessage().contains("ONEDNN_MAX_CPU_ISA=AVX2"), e.getMessage());
			assertTrue(steps.isEmpty(), "no step with a NaN loss is reported as progress");
			assertEquals(1, summaries.size());
			assertEquals(TrainingSummary.Outcome.FAILED, summaries.get(0).outcome);
			assertSame(e, summaries.get(0).error);
			assertFalse(Scribble2LabelTrainer.isTrainingRunning());
		}
	}

	@Test
	void nanWeightsAreNeitherSavedNorLoadedNorUsedForPrediction(@TempDir final Path folder) throws Exception {
		final Path file = folder.resolve("model.zip");
		finite.save(file, false);
		try (Scribble2LabelModel broken = Scribble2LabelModel.load(file, DeviceChoice.CPU)) {
			poison(broken);
			final NonFiniteException predicted = assertThrows(NonFiniteException.class, () -> broken.predict(DATA.image));
			assertTrue(predicted.getMessage().contains("NaN"), predicted.getMessage());
			final Path target = folder.resolve("broken.zip");
			assertThrows(NonFiniteException.class, () -> broken.save(target, false));
			assertFalse(Files.exists(target), "nothing is written for a model with NaN weights");
			UncheckedModelFiles.write(broken, target);
		}
		final ModelFileException e = assertThrows(ModelFileException.class,
			() -> Scribble2LabelModel.load(folder.resolve("broken.zip"), DeviceChoice.CPU));
		assertTrue(e.getMessage().contains("NaN or infinite"), e.getMessage());
	}

	@Test
	void newNetworksNarrowerThanSixteenChannelsAreRefusedBeforeTraining() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> new Scribble2LabelTrainer(SyntheticImages.tinyConfig().baseWidth(8).build()).start(trainingSet()));
		assertTrue(e.getMessage().contains("multiple of 16"), e.getMessage());
		assertFalse(Scribble2LabelTrainer.isTrainingRunning());
	}
}
