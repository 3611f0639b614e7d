package org.scribble2label.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.concurrent.CancellationException;

import javax.imageio.ImageIO;
import javax.swing.SwingUtilities;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.scribble2label.core.Length;
import org.scribble2label.core.SyntheticImages;
import org.scribble2label.core.TrainingImage;
import org.scribble2label.core.model.Scribble2LabelModel;
import org.scribble2label.core.train.Scribble2LabelTrainer;
import org.scribble2label.core.train.TrainingHandle;
import org.scribble2label.core.train.TrainingResult;

/**
 * The training window in a real (virtual) display: it opens, plots losses and coverage, shows
 * pseudo-labels, Cancel stops the training, "Stop and keep model" keeps it and Save is offered.
 * Screenshots go to target/screenshots (the user guide's pictures are made the same way).
 */
class TrainingWindowDisplayTest {

	private static final SyntheticImages DATA = SyntheticImages.create(96, 1);

	@BeforeAll
	static void display() {
		org.junit.jupiter.api.Assumptions.assumeFalse(java.awt.GraphicsEnvironment.isHeadless());
	}

	private static void waitUntil(final java.util.function.BooleanSupplier condition) throws InterruptedException {
		final long end = System.nanoTime() + 120_000_000_000L;
		while (!condition.getAsBoolean()) {
			assertTrue(System.nanoTime() < end, "timed out");
			Thread.sleep(20);
		}
	}

	private static boolean onEdt(final java.util.function.BooleanSupplier check) throws Exception {
		final boolean[] result = new boolean[1];
		SwingUtilities.invokeAndWait(() -> result[0] = check.getAsBoolean());
		return result[0];
	}

	static void screenshot(final TrainingWindow window, final String name) throws Exception {
		final Path folder = Files.createDirectories(Paths.get("target", "screenshots"));
		ImageIO.write(window.snapshot(), "png", new File(folder.toFile(), name));
	}

	@Test
	void plotsProgressAndCancelStopsTheTraining() throws Exception {
		final TrainingWindow window = new TrainingWindow("Scribble2Label: synthetic", DATA.image);
		try {
			final TrainingHandle handle = new Scribble2LabelTrainer(SyntheticImages.tinyConfig().trainingLength(Length.crops(1_000_000))
				.ensemblePeriod(Length.crops(40)).warmup(Length.crops(80)).build()).listener(window)
				.start(Collections.singletonList(new TrainingImage("synthetic", DATA.image, DATA.scribbles)));
			window.attach(handle);
			waitUntil(() -> {
				try {
					return onEdt(() -> window.chart().epochs() >= 25 && window.preview().caption().startsWith("Ensemble update"));
				}
				catch (final Exception e) {
					throw new IllegalStateException(e);
				}
			});
			assertTrue(onEdt(() -> window.cancelButton().isEnabled() && window.stopButton().isEnabled()));
			assertTrue(onEdt(() -> window.status().getText().startsWith("Step ")));
			screenshot(window, "training-window.png");
			SwingUtilities.invokeAndWait(() -> window.cancelButton().doClick());
			assertThrows(CancellationException.class, handle::await);
			waitUntil(() -> {
				try {
					return onEdt(() -> window.status().getText().startsWith("Training cancelled"));
				}
				catch (final Exception e) {
					throw new IllegalStateException(e);
				}
			});
			assertFalse(onEdt(() -> window.cancelButton().isEnabled()));
			assertFalse(Scribble2LabelTrainer.isTrainingRunning());
		}
		finally {
			window.close();
		}
	}

	@Test
	void stopAndKeepThenSave() throws Exception {
		final TrainingWindow window = new TrainingWindow("Scribble2Label: synthetic", DATA.image);
		try {
			final TrainingHandle handle = new Scribble2LabelTrainer(SyntheticImages.tinyConfig().trainingLength(Length.crops(1_000_000))
				.build()).listener(window).start(Collections.singletonList(new TrainingImage("synthetic", DATA.image,
					DATA.scribbles)));
			window.attach(handle);
			waitUntil(() -> {
				try {
					return onEdt(() -> window.chart().epochs() >= 3);
				}
				catch (final Exception e) {
					throw new IllegalStateException(e);
				}
			});
			SwingUtilities.invokeAndWait(() -> window.stopButton().doClick());
			final TrainingResult result = handle.await();
			try (Scribble2LabelModel model = result.model()) {
				assertFalse(model.record().completed());
				final Path saved = Files.createTempFile("scribble2label-window", ".zip");
				Files.delete(saved);
				window.enableSaving(target -> model.save(target, false));
				waitUntil(() -> {
					try {
						return onEdt(() -> window.saveButton().isEnabled());
					}
					catch (final Exception e) {
						throw new IllegalStateException(e);
					}
				});
				assertEquals("Training stopped early; the model is kept.", window.status().getText());
			}
		}
		finally {
			window.close();
		}
	}
}
