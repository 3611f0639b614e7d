package org.scribble2label.core.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import org.scribble2label.core.Length;
import org.scribble2label.core.SyntheticImages;
import org.scribble2label.core.TrainingImage;
import org.scribble2label.core.model.Scribble2LabelModel;

/**
 * Resident memory stays flat over thousands of training steps, ensemble updates and
 * pseudo-labels included: every per-step array must be freed (DJL frees nothing by itself).
 */
class TrainingMemoryTest {

	static long residentMegabytes() {
		try {
			for (final String line : Files.readAllLines(Paths.get("/proc/self/status")))
				if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
		}
		catch (final IOException e) {
			throw new IllegalStateException(e);
		}
		throw new IllegalStateException("No VmRSS in /proc/self/status");
	}

	@Test
	void cancellingReleasesTheTrainingsMemory() throws Exception {
		final SyntheticImages data = SyntheticImages.create(128, 6);
		final java.util.List<TrainingImage> set = Collections.singletonList(new TrainingImage("memory", data.image, data.scribbles));
		final org.scribble2label.core.TrainingConfig.Builder config = SyntheticImages.tinyConfig().depth(3).baseWidth(32)
			.cropSize(64).batchSize(8);
		// The engine and its allocator warm up once per JVM; the baseline is taken after that.
		new Scribble2LabelTrainer(config.trainingLength(Length.crops(16)).build()).start(set).await().model().close();
		System.gc();
		final long baseline = residentMegabytes();
		final AtomicLong during = new AtomicLong();
		final java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
		final TrainingHandle handle = new Scribble2LabelTrainer(config.trainingLength(Length.crops(1_000_000)).build())
			.listener(new TrainingListener() {
				@Override
				public void stepFinished(final StepProgress s) {
					if (s.step == 40) {
						during.set(residentMegabytes());
						running.countDown();
					}
				}
			}).start(set);
		running.await();
		handle.cancel();
		org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CancellationException.class, handle::await);
		System.gc();
		final long after = residentMegabytes();
		System.out.println("Resident memory: baseline " + baseline + " MB, training " + during.get() + " MB, after cancel " + after +
			" MB");
		assertTrue(after - baseline < 100, "memory after cancelling: " + after + " MB against a baseline of " + baseline + " MB");
		// The engine is usable again.
		new Scribble2LabelTrainer(config.trainingLength(Length.crops(8)).build()).start(set).await().model().close();
	}

	@Test
	void residentMemoryIsFlatOverThousandsOfSteps() throws Exception {
		final SyntheticImages data = SyntheticImages.create(64, 4);
		final int steps = 3000;
		final AtomicLong early = new AtomicLong(), late = new AtomicLong();
		final TrainingListener probe = new TrainingListener() {
			@Override
			public void stepFinished(final StepProgress s) {
				if (s.step == 500) early.set(residentMegabytes());
				if (s.step == steps) late.set(residentMegabytes());
			}
		};
		try (Scribble2LabelModel model = new Scribble2LabelTrainer(SyntheticImages.tinyConfig().baseWidth(16).cropSize(16)
			.batchSize(2).trainingLength(Length.crops(2L * steps)).warmup(Length.crops(400)).ensemblePeriod(Length.crops(100))
			.build()).listener(probe).start(Collections.singletonList(new TrainingImage("memory", data.image, data.scribbles)))
			.await().model())
		{
			// One leaked activation per step (2 x 16 x 16 x 16 floats) would add 80 MB over these steps.
			final long growth = late.get() - early.get();
			// The test JVM's heap is fixed and pre-touched (pom.xml), so changes are native memory.
			System.out.println("Resident memory after 500 steps " + early.get() + " MB, after " + steps + " steps " +
				late.get() + " MB");
			assertTrue(growth < 60, "resident memory grew by " + growth + " MB between step 500 and step " + steps);
		}
	}
}
