package org.scribble2label.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import net.imglib2.img.array.ArrayImgs;

import org.scribble2label.core.Length;
import org.scribble2label.core.SyntheticImages;
import org.scribble2label.core.TrainingConfig;
import org.scribble2label.core.TrainingImage;
import org.scribble2label.core.metrics.SegmentationMetrics;
import org.scribble2label.core.model.Scribble2LabelModel;
import org.scribble2label.core.predict.Prediction;

class Scribble2LabelTrainerTest {

	private static final SyntheticImages DATA = SyntheticImages.create(96, 1);

	private static List<TrainingImage> trainingSet() {
		return Collections.singletonList(new TrainingImage("synthetic", DATA.image, DATA.scribbles));
	}

	/** Records every event, checking each ensemble's averages on the way. */
	private static final class Recorder extends RecordingListener {
		float[] lastForeground;

		@Override
		public void ensembleUpdated(final EnsembleProgress e) {
			assertEquals(1, e.averages.size());
			assertEquals(96, e.averages.get(0).dimension(0));
			super.ensembleUpdated(e);
			// A copy: the averages are valid during the call only.
			final net.imglib2.RandomAccess<net.imglib2.type.numeric.real.FloatType> a = e.averages.get(0).randomAccess();
			lastForeground = new float[96 * 96];
			for (int i = 0; i < lastForeground.length; i++)
				lastForeground[i] = a.setPositionAndGet(i % 96, i / 96, 1).get();
		}
	}

	@Test
	void learnsASegmentationFromScribblesAlone() throws Exception {
		final Recorder recorder = new Recorder();
		final TrainingResult result = new Scribble2LabelTrainer(SyntheticImages.tinyConfig().build()).listener(recorder)
			.start(trainingSet()).await();
		try (Scribble2LabelModel model = result.model()) {
			final Prediction prediction = model.predict(DATA.image);
			final double iou = SegmentationMetrics.foregroundIoU(prediction.labels(), DATA.mask);
			double foreground = 0;
			for (final net.imglib2.type.numeric.integer.UnsignedByteType t : DATA.mask)
				foreground += t.get();
			foreground /= 96 * 96;
			// Chance (everything foreground) would score the foreground fraction.
			assertTrue(iou > 0.5 && iou > 2 * foreground, "IoU " + iou + ", foreground fraction " + foreground);
			assertTrue(model.record().completed());
			assertEquals(List.of("background", "foreground"), model.classNames());
		}
		assertEquals(TrainingSummary.Outcome.COMPLETED, recorder.summary.outcome);
		assertEquals(120, recorder.steps.size());
		assertFalse(recorder.steps.get(0).pseudoLabels, "warm-up uses scribbles only");
		assertEquals(0, recorder.steps.get(0).losses.get("pseudo-label"), 0);
		assertEquals(List.of("scribble", "pseudo-label"), recorder.start.lossTerms);
		assertEquals(List.of("scribble", "pseudo-label"), new ArrayList<>(recorder.epochs.get(0).meanLosses.terms().keySet()));
		assertTrue(recorder.steps.get(119).pseudoLabels, "after warm-up pseudo-labels are used");
		// Ensemble every 80 crops: at 80, 160, ..., 400.
		assertEquals(5, recorder.ensembles.size());
		assertEquals(80, recorder.ensembles.get(0).cropsSeen);
		for (final EnsembleProgress e : recorder.ensembles)
			assertTrue(e.coverage > 0 && e.coverage <= 1, "coverage " + e.coverage);
		assertTrue(recorder.summary.ensembleShare() > 0 && recorder.summary.ensembleShare() < 0.5);
		// The final ensemble comes with the result: the last update's averages, in the training images' order.
		final TrainingEnsemble ensemble = result.ensemble().orElseThrow(() -> new AssertionError("no ensemble in the result"));
		assertEquals(5, ensemble.updates());
		assertEquals(1, ensemble.images());
		assertEquals(96, ensemble.width(0));
		final float[] lastAverage = recorder.lastForeground;
		final net.imglib2.RandomAccess<net.imglib2.type.numeric.real.FloatType> f = ensemble.average(0).randomAccess();
		for (int i = 0; i < lastAverage.length; i++)
			assertEquals(lastAverage[i], f.setPositionAndGet(i % 96, i / 96, 1).get(), 0f);
		assertFalse(recorder.epochs.isEmpty());
		final StepProgress last = recorder.steps.get(recorder.steps.size() - 1);
		assertEquals(1e-4, last.learningRate, 2e-5, "cosine decay reaches the final rate");
		assertTrue(recorder.start.device.startsWith("CPU"));
	}

	@Test
	void baselinesUseNoEnsemble() throws Exception {
		for (final org.scribble2label.core.PseudoLabels mode : new org.scribble2label.core.PseudoLabels[] {
			org.scribble2label.core.PseudoLabels.CURRENT_PREDICTION, org.scribble2label.core.PseudoLabels.NONE })
		{
			final Recorder recorder = new Recorder();
			try (Scribble2LabelModel model = new Scribble2LabelTrainer(SyntheticImages.tinyConfig().trainingLength(Length.crops(160))
				.warmup(Length.crops(40)).pseudoLabels(mode).build()).listener(recorder).start(trainingSet()).await().model())
			{
				assertNotNull(model);
			}
			assertTrue(recorder.ensembles.isEmpty(), mode + " makes no ensemble pass");
			final StepProgress last = recorder.steps.get(recorder.steps.size() - 1);
			assertEquals(mode == org.scribble2label.core.PseudoLabels.CURRENT_PREDICTION, last.pseudoLabels, mode.toString());
			// Without pseudo-labels the objective has no pseudo-label term at all.
			assertEquals(mode == org.scribble2label.core.PseudoLabels.NONE ? List.of("scribble") : List.of("scribble", "pseudo-label"),
				new ArrayList<>(last.losses.terms().keySet()), mode.toString());
		}
	}

	@Test
	void sameSeedSameResultOnTheCpu() throws Exception {
		final TrainingConfig config = SyntheticImages.tinyConfig().trainingLength(Length.crops(96)).warmup(Length.crops(48))
			.ensemblePeriod(Length.crops(32)).build();
		final float[][] probabilities = new float[2][];
		final List<List<Double>> losses = new ArrayList<>();
		for (int run = 0; run < 2; run++) {
			final Recorder recorder = new Recorder();
			try (Scribble2LabelModel model = new Scribble2LabelTrainer(config).listener(recorder).start(trainingSet()).await()
				.model())
			{
				probabilities[run] = model.predict(DATA.image).probabilities().getPlane(1).getCurrentStorageArray();
			}
			final List<Double> l = new ArrayList<>();
			recorder.steps.forEach(s -> l.add(s.totalLoss));
			losses.add(l);
		}
		assertEquals(losses.get(0), losses.get(1));
		assertArrayEquals(probabilities[0], probabilities[1], 0f);
	}

	@Test
	void cancelStopsWithinOneStepAndYieldsNoModel() throws Exception {
		final CountDownLatch third = new CountDownLatch(1);
		final AtomicInteger stepsAtCancel = new AtomicInteger(-1);
		final Recorder recorder = new Recorder();
		final TrainingHandle[] handle = new TrainingHandle[1];
		final TrainingListener canceller = new TrainingListener() {
			@Override
			public void stepFinished(final StepProgress s) {
				if (s.step == 3) third.countDown();
			}
		};
		handle[0] = new Scribble2LabelTrainer(SyntheticImages.tinyConfig().trainingLength(Length.crops(1_000_000)).build())
			.listener(recorder).listener(canceller).start(trainingSet());
		assertTrue(third.await(60, TimeUnit.SECONDS));
		stepsAtCancel.set(recorder.steps.size());
		handle[0].cancel();
		assertThrows(CancellationException.class, handle[0]::await);
		assertTrue(recorder.steps.size() <= stepsAtCancel.get() + 1, recorder.steps.size() + " steps after cancel at " +
			stepsAtCancel.get());
		assertEquals(TrainingSummary.Outcome.CANCELLED, recorder.summary.outcome);
		assertFalse(Scribble2LabelTrainer.isTrainingRunning());
	}

	@Test
	void stopEarlyKeepsTheModelAndSaysSo() throws Exception {
		final CountDownLatch started = new CountDownLatch(2);
		final TrainingHandle handle = new Scribble2LabelTrainer(SyntheticImages.tinyConfig().trainingLength(Length.crops(1_000_000))
			.build()).listener(new TrainingListener() {
				@Override
				public void stepFinished(final StepProgress s) {
					started.countDown();
				}
			}).start(trainingSet());
		assertTrue(started.await(60, TimeUnit.SECONDS));
		handle.stopEarly();
		final TrainingResult result = handle.await();
		try (Scribble2LabelModel model = result.model()) {
			assertFalse(model.record().completed());
			assertTrue(model.record().cropsSeen() < 1_000_000);
			assertEquals(TrainingSummary.Outcome.STOPPED_EARLY, result.summary().outcome);
			assertNotNull(model.predict(DATA.image));
		}
	}

	@Test
	void aSecondTrainingIsRefusedWhileOneRuns() throws Exception {
		final CountDownLatch running = new CountDownLatch(1);
		final TrainingHandle first = new Scribble2LabelTrainer(SyntheticImages.tinyConfig().trainingLength(Length.crops(1_000_000))
			.build()).listener(new TrainingListener() {
				@Override
				public void stepFinished(final StepProgress s) {
					running.countDown();
				}
			}).start(trainingSet());
		try {
			assertTrue(running.await(60, TimeUnit.SECONDS));
			final TrainingInProgressException e = assertThrows(TrainingInProgressException.class,
				() -> new Scribble2LabelTrainer(SyntheticImages.tinyConfig().build()).start(trainingSet()));
			assertTrue(e.getMessage().contains("Only one can run at a time"));
		}
		finally {
			first.cancel();
			assertThrows(CancellationException.class, first::await);
		}
		// Afterwards a new training starts normally.
		try (Scribble2LabelModel model = new Scribble2LabelTrainer(SyntheticImages.tinyConfig().trainingLength(Length.crops(8))
			.build()).start(trainingSet()).await().model())
		{
			assertNotNull(model);
		}
	}

	@Test
	void continuesTrainingFromAModelWithItsClassesAndNormalisation() throws Exception {
		final TrainingConfig config = SyntheticImages.tinyConfig().trainingLength(Length.crops(160)).build();
		try (Scribble2LabelModel first = new Scribble2LabelTrainer(config).classNames(List.of("bg", "nucleus"))
			.start(trainingSet()).await().model())
		{
			final double before = SegmentationMetrics.foregroundIoU(first.predict(DATA.image).labels(), DATA.mask);
			try (Scribble2LabelModel second = new Scribble2LabelTrainer(config).continueFrom(first).start(trainingSet()).await()
				.model())
			{
				assertEquals(List.of("bg", "nucleus"), second.classNames());
				assertEquals(first.spec(), second.spec());
				final double after = SegmentationMetrics.foregroundIoU(second.predict(DATA.image).labels(), DATA.mask);
				assertTrue(after > before - 0.05, "continued training kept what was learnt: " + before + " -> " + after);
			}
			// The original model is unchanged and usable.
			assertEquals(before, SegmentationMetrics.foregroundIoU(first.predict(DATA.image).labels(), DATA.mask), 1e-9);
		}
	}

	@Test
	void continuedScribblesMatchTheModelsClassesByName() {
		final List<String> model = List.of("background", "nucleus", "mitosis");
		org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] { 0, 1, 3 },
			TrainingSet.classMapping(List.of("bg", "Mitosis"), model));
		org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] { 0, 1, 2, 3 },
			TrainingSet.classMapping(List.of("background", "nucleus", "mitosis"), model));
		final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
			() -> TrainingSet.classMapping(List.of("background", "membrane"), model));
		assertTrue(unknown.getMessage().contains("'membrane' is not one of the model's classes"), unknown.getMessage());
		// Two classes onto two classes: the object class matches by position.
		org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] { 0, 1, 2 },
			TrainingSet.classMapping(List.of("background", "foreground"), List.of("background", "nucleus")));
	}

	@Test
	void badScribblesAreRefusedWithWhatToDo() {
		final Scribble2LabelTrainer trainer = new Scribble2LabelTrainer(SyntheticImages.tinyConfig().build());
		final IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> trainer.start(List.of(
			new TrainingImage("empty", DATA.image, ArrayImgs.unsignedBytes(96, 96)))));
		assertTrue(none.getMessage().startsWith("No scribbles found"), none.getMessage());
		final net.imglib2.img.array.ArrayImg<net.imglib2.type.numeric.integer.UnsignedByteType, ?> onlyBackground =
			ArrayImgs.unsignedBytes(96, 96);
		onlyBackground.randomAccess().setPositionAndGet(5, 5).set(1);
		final IllegalArgumentException one = assertThrows(IllegalArgumentException.class, () -> trainer.start(List.of(
			new TrainingImage("one class", DATA.image, onlyBackground))));
		assertTrue(one.getMessage().startsWith("Scribbles of only one class"), one.getMessage());
		final IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
			() -> new TrainingImage("mismatch", DATA.image, ArrayImgs.unsignedBytes(95, 96)));
		assertTrue(size.getMessage().contains("must be a 2D label image of the image's size"), size.getMessage());
		final IllegalArgumentException classes = assertThrows(IllegalArgumentException.class, () -> new Scribble2LabelTrainer(
			SyntheticImages.tinyConfig().build()).classNames(List.of("background")).start(trainingSet()));
		assertTrue(classes.getMessage().contains("there are only 1 classes"), classes.getMessage());
		assertFalse(Scribble2LabelTrainer.isTrainingRunning());
	}
}
