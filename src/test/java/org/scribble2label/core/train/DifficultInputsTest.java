package org.scribble2label.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.scribble2label.core.Length;
import org.scribble2label.core.SyntheticImages;
import org.scribble2label.core.TrainingImage;
import org.scribble2label.core.model.Scribble2LabelModel;
import org.scribble2label.core.predict.Prediction;

/** Images that are not what a network usually sees, and cancellation in every phase. */
class DifficultInputsTest {

	private static final SyntheticImages DATA = SyntheticImages.create(64, 3);

	private static Scribble2LabelModel train(final TrainingImage image, final long crops) throws InterruptedException {
		return new Scribble2LabelTrainer(SyntheticImages.tinyConfig().trainingLength(Length.crops(crops)).warmup(Length.crops(crops / 2))
			.ensemblePeriod(Length.crops(16)).build()).start(Collections.singletonList(image)).await().model();
	}

	@Test
	void nanAndInfinitePixelsTrainAndPredictFinitely() throws Exception {
		final ArrayImg<FloatType, FloatArray> image = ArrayImgs.floats(DATA.image.update(null).getCurrentStorageArray().clone(),
			64, 64);
		final float[] pixels = image.update(null).getCurrentStorageArray();
		for (int i = 0; i < pixels.length; i += 37)
			pixels[i] = i % 2 == 0 ? Float.NaN : Float.POSITIVE_INFINITY;
		final StepProgress[] last = new StepProgress[1];
		try (Scribble2LabelModel model = new Scribble2LabelTrainer(SyntheticImages.tinyConfig().trainingLength(Length.crops(48))
			.build()).listener(new TrainingListener() {
				@Override
				public void stepFinished(final StepProgress s) {
					last[0] = s;
				}
			}).start(List.of(new TrainingImage("nan", image, DATA.scribbles))).await().model())
		{
			assertTrue(Double.isFinite(last[0].totalLoss), "loss " + last[0].totalLoss);
			for (final FloatType p : model.predict(image).probabilities())
				assertTrue(Float.isFinite(p.get()));
		}
	}

	@Test
	void constantImagesAndImagesSmallerThanACrop() throws Exception {
		final ArrayImg<FloatType, FloatArray> constant = ArrayImgs.floats(64, 64);
		for (final FloatType t : constant)
			t.set(100);
		try (Scribble2LabelModel model = train(new TrainingImage("constant", constant, DATA.scribbles), 16)) {
			for (final FloatType p : model.predict(constant).probabilities())
				assertTrue(Float.isFinite(p.get()));
		}
		// 20 x 24 pixels with 32 x 32 crops: the crops mirror the image.
		final ArrayImg<FloatType, FloatArray> small = ArrayImgs.floats(20, 24);
		final net.imglib2.img.array.ArrayImg<net.imglib2.type.numeric.integer.UnsignedByteType, ?> scribbles =
			ArrayImgs.unsignedBytes(20, 24);
		final net.imglib2.RandomAccess<FloatType> a = small.randomAccess();
		final net.imglib2.RandomAccess<net.imglib2.type.numeric.integer.UnsignedByteType> s = scribbles.randomAccess();
		for (int y = 0; y < 24; y++)
			for (int x = 0; x < 20; x++) {
				final boolean inside = (x - 10) * (x - 10) + (y - 12) * (y - 12) < 25;
				a.setPositionAndGet(x, y).set(inside ? 200 : 20);
				if (y == 12 && x > 7 && x < 13) s.setPositionAndGet(x, y).set(2);
				if (y == 2 || y == 21) s.setPositionAndGet(x, y).set(1);
			}
		try (Scribble2LabelModel model = train(new TrainingImage("small", small, scribbles), 32)) {
			final Prediction p = model.predict(small);
			assertEquals(20, p.labels().dimension(0));
			assertEquals(24, p.labels().dimension(1));
		}
	}

	@Test
	void warnsAboutClassesWithVeryFewScribbles() throws Exception {
		final net.imglib2.img.array.ArrayImg<net.imglib2.type.numeric.integer.UnsignedByteType, ?> few = ArrayImgs.unsignedBytes(64, 64);
		final net.imglib2.RandomAccess<net.imglib2.type.numeric.integer.UnsignedByteType> s = few.randomAccess();
		for (int x = 0; x < 40; x++)
			s.setPositionAndGet(x, 2).set(1);
		for (int x = 30; x < 35; x++)
			s.setPositionAndGet(x, 30).set(2);
		final TrainingStart[] start = new TrainingStart[1];
		new Scribble2LabelTrainer(SyntheticImages.tinyConfig().trainingLength(Length.crops(8)).build()).listener(new TrainingListener() {
			@Override
			public void started(final TrainingStart t) {
				start[0] = t;
			}
		}).start(List.of(new TrainingImage("few", DATA.image, few))).await().model().close();
		final List<String> classWarnings = start[0].warnings.stream().filter(w -> w.startsWith("Class ")).collect(
			java.util.stream.Collectors.toList());
		assertEquals(1, classWarnings.size(), start[0].warnings.toString());
		assertTrue(classWarnings.get(0).startsWith("Class 'foreground' has only 5 scribbled pixel(s)"), classWarnings.get(0));
		assertTrue(start[0].warnings.stream().anyMatch(w -> w.startsWith("Warm-up (8 crops) lasts the whole training")),
			start[0].warnings.toString());
	}

	@Test
	void predictionStopsWhenCancelled() throws Exception {
		try (Scribble2LabelModel model = train(new TrainingImage("synthetic", DATA.image, DATA.scribbles), 16)) {
			final int[] polls = new int[1];
			assertThrows(CancellationException.class, () -> model.predict(DATA.image, () -> ++polls[0] > 0));
			assertEquals(1, polls[0], "stopped at the first check after the cancel");
		}
	}

	@Test
	void cancelDuringAnEnsembleUpdateStopsWithinABatchOfTiles() throws Exception {
		// Many small images: an ensemble pass is many batches of tiles.
		final SyntheticImages large = SyntheticImages.create(256, 4);
		final List<TrainingImage> images = new java.util.ArrayList<>();
		for (int i = 0; i < 200; i++)
			images.add(new TrainingImage("i" + i, large.image, large.scribbles));
		final CountDownLatch ensembleStarted = new CountDownLatch(1);
		final TrainingHandle[] handle = new TrainingHandle[1];
		final int[] updates = new int[1];
		final TrainingListener cancelAtFirstUpdate = new TrainingListener() {
			@Override
			public void stepFinished(final StepProgress s) {
				// The step just before the first ensemble update (every 8 crops, batch 4).
				if (s.cropsSeen == 8) ensembleStarted.countDown();
			}

			@Override
			public void ensembleUpdated(final EnsembleProgress e) {
				updates[0]++;
			}
		};
		handle[0] = new Scribble2LabelTrainer(SyntheticImages.tinyConfig().trainingLength(Length.crops(1_000_000))
			.ensemblePeriod(Length.crops(8)).warmup(Length.crops(8)).tileSize(256).predictionBatchPixels(256 * 256).build())
			.listener(cancelAtFirstUpdate).start(images);
		assertTrue(ensembleStarted.await(60, TimeUnit.SECONDS));
		Thread.sleep(300); // the pass over 200 images of 256 x 256, one per batch (seconds), is under way
		handle[0].cancel();
		final long t0 = System.nanoTime();
		assertThrows(CancellationException.class, handle[0]::await);
		assertTrue((System.nanoTime() - t0) / 1e9 < 1.5, "cancelled within a batch of tiles");
		assertEquals(0, updates[0], "the interrupted pass changed nothing");
		assertTrue(!Scribble2LabelTrainer.isTrainingRunning());
	}
}
