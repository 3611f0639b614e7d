package org.scribble2label.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;

import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;

import org.scribble2label.core.DeviceChoice;
import org.scribble2label.core.Scribbles;
import org.scribble2label.core.SyntheticImages;
import org.scribble2label.core.model.Scribble2LabelModel;
import org.scribble2label.core.train.Scribble2LabelTrainer;
import org.scribble2label.io.labkit.LabelingFile;
import org.scribble2label.io.labkit.PixelCalibration;

/** The training commands through SciJava's CommandService, headless, on a small image. */
class TrainFromScribblesCommandTest extends CommandTestContext {

	private static final SyntheticImages DATA = SyntheticImages.create(64, 5);
	/** Short training: the fast preset's network on a few crops (also used by the colour image tests). */
	static Map<String, Object> inputs(final ImagePlus image, final String source, final Path model) {
		final Map<String, Object> inputs = new HashMap<>();
		inputs.put("image", image);
		inputs.put("channel", 0);
		inputs.put("scribbles", source);
		inputs.put("labeling_file", "");
		inputs.put("scribble_labels", "none");
		inputs.put("training_crops", 48);
		inputs.put("warmup_crops", 24);
		inputs.put("device", "CPU");
		inputs.put("model_file", model.toFile());
		inputs.put("show_window", false);
		inputs.put("min_object_size", 4);
		// Given every time: the choice is remembered between runs, as Fiji users expect.
		inputs.put("start_from", TrainFromScribblesCommand.AUTOMATIC);
		inputs.put("start_model", "none");
		return inputs;
	}

	@Test
	void trainsFromOverlayScribblesSavesTheModelAndReturnsImages(@TempDir final Path folder) throws Exception {
		final Path model = folder.resolve("model.zip");
		final CommandModule module = run(TrainFromScribblesCommand.class,
			inputs(CommandTestImages.withOverlayScribbles(DATA, "cells.tif"), "Overlay", model));
		assertFalse(module.isCanceled(), String.valueOf(module.getCancelReason()));
		assertTrue(Files.isRegularFile(model));
		try (Scribble2LabelModel loaded = Scribble2LabelModel.load(model, DeviceChoice.CPU)) {
			assertEquals(java.util.List.of("background", "foreground"), loaded.classNames());
			assertEquals(48, loaded.record().cropsSeen());
			// The default start: the built-in fluorescence starter, adapted with the fine-tuning preset.
			assertTrue(loaded.config().freezeNormalization(), "fine-tuned from the built-in starter");
			assertEquals(org.scribble2label.core.TrainingConfig.fineTuning().learningRate(), loaded.config().learningRate());
		}
		final ImagePlus probabilities = (ImagePlus) module.getOutput("probabilities");
		final ImagePlus labels = (ImagePlus) module.getOutput("labels");
		final ImagePlus instances = (ImagePlus) module.getOutput("instances");
		assertEquals(2, probabilities.getNChannels());
		assertEquals("cells labels", labels.getTitle());
		assertEquals(64, instances.getWidth());
		final Scribble2LabelService.LastTraining last = context.service(Scribble2LabelService.class).lastTraining();
		assertNotNull(last, "the final ensemble is kept for Where to Scribble Next");
		assertEquals(0, last.indexOfSlice(1));
		assertEquals("cells.tif", last.imageTitle);
	}

	@Test
	void trainsFromALabkitLabelingNextToTheImageAndFromALabelImage(@TempDir final Path folder) throws Exception {
		final Path imageFile = folder.resolve("cells.tif");
		assertTrue(new FileSaver(CommandTestImages.image(DATA, "cells.tif")).saveAsTiff(imageFile.toString()));
		final ImagePlus image = ij.IJ.openImage(imageFile.toString());
		LabelingFile.write(Scribbles.fromLabelImage(DATA.scribbles, null), LabelingFile.defaultLabelingPath(imageFile),
			PixelCalibration.UNCALIBRATED, false);
		final CommandModule labkit = run(TrainFromScribblesCommand.class, inputs(image, "Labkit labeling file",
			folder.resolve("labkit.zip")));
		assertFalse(labkit.isCanceled(), String.valueOf(labkit.getCancelReason()));

		final Map<String, Object> fromLabels = inputs(image, "Label image", folder.resolve("labels.zip"));
		// A label image by file (Fiji's dialog also lists open images by title, and "none").
		final Path labelFile = folder.resolve("cells_scribbles.tif");
		assertTrue(new FileSaver(CommandTestImages.labelImage(DATA)).saveAsTiff(labelFile.toString()));
		fromLabels.put("scribble_labels", labelFile.toString());
		// From random weights, with a network of its own.
		fromLabels.put("start_from", TrainFromScribblesCommand.RANDOM);
		fromLabels.put("network_depth", 2);
		final CommandModule labels = run(TrainFromScribblesCommand.class, fromLabels);
		assertFalse(labels.isCanceled(), String.valueOf(labels.getCancelReason()));
		try (Scribble2LabelModel loaded = Scribble2LabelModel.load(folder.resolve("labels.zip"), DeviceChoice.CPU)) {
			assertFalse(loaded.config().freezeNormalization());
			assertEquals(2, ((org.scribble2label.core.model.UNetSpec) loaded.spec()).depth());
		}
		// From a model file: the one just trained.
		final Map<String, Object> fromFile = inputs(image, "Label image", folder.resolve("again.zip"));
		fromFile.put("scribble_labels", labelFile.toString());
		fromFile.put("start_from", TrainFromScribblesCommand.MODEL_FILE);
		fromFile.put("start_model", folder.resolve("labels.zip").toString());
		final CommandModule again = run(TrainFromScribblesCommand.class, fromFile);
		assertFalse(again.isCanceled(), String.valueOf(again.getCancelReason()));
		try (Scribble2LabelModel loaded = Scribble2LabelModel.load(folder.resolve("again.zip"), DeviceChoice.CPU)) {
			assertEquals(2, ((org.scribble2label.core.model.UNetSpec) loaded.spec()).depth(), "the start model's network");
			assertTrue(loaded.config().freezeNormalization(), "adapted with the fine-tuning preset");
		}
	}

	@Test
	void problemsAreReportedBeforeTraining(@TempDir final Path folder) throws Exception {
		final Path existing = folder.resolve("existing.zip");
		Files.write(existing, new byte[] { 42 });
		final CommandModule exists = run(TrainFromScribblesCommand.class,
			inputs(CommandTestImages.withOverlayScribbles(DATA, "cells.tif"), "Overlay", existing));
		assertTrue(exists.isCanceled());
		assertTrue(exists.getCancelReason().contains("already exists"), exists.getCancelReason());
		assertEquals(1, Files.size(existing), "the existing file is untouched");

		final CommandModule missingFolder = run(TrainFromScribblesCommand.class,
			inputs(CommandTestImages.withOverlayScribbles(DATA, "cells.tif"), "Overlay", folder.resolve("no/model.zip")));
		assertTrue(missingFolder.getCancelReason().contains("the folder does not exist"), missingFolder.getCancelReason());

		final CommandModule noScribbles = run(TrainFromScribblesCommand.class,
			inputs(CommandTestImages.image(DATA, "plain.tif"), "Overlay", folder.resolve("m.zip")));
		assertTrue(noScribbles.isCanceled());
		assertFalse(Files.exists(folder.resolve("m.zip")));

		final CommandModule noLabelImage = run(TrainFromScribblesCommand.class,
			inputs(CommandTestImages.image(DATA, "plain.tif"), "Label image", folder.resolve("m.zip")));
		assertTrue(noLabelImage.getCancelReason().startsWith("Choose the label image"), noLabelImage.getCancelReason());

		final CommandModule notSaved = run(TrainFromScribblesCommand.class,
			inputs(CommandTestImages.image(DATA, "unsaved"), "Labkit labeling file", folder.resolve("m.zip")));
		assertTrue(notSaved.getCancelReason().contains("was not opened from a file"), notSaved.getCancelReason());
	}

	/** A started command module and its future. */
	private static final class Running {
		Module module;
		Future<Module> future;
	}

	/** Starts a long training. */
	private static Running startLong(final Path folder, final int warmupCrops) {
		final Map<String, Object> inputs = inputs(CommandTestImages.withOverlayScribbles(DATA, "cells.tif"), "Overlay",
			folder.resolve("long.zip"));
		inputs.put("training_crops", 1_000_000);
		inputs.put("warmup_crops", warmupCrops);
		inputs.put("start_from", TrainFromScribblesCommand.RANDOM); // the paper's warm-up, then pseudo-labels
		final ModuleService modules = context.service(ModuleService.class);
		final Module module = modules.createModule(context.service(CommandService.class).getCommand(TrainFromScribblesCommand.class));
		inputs.forEach((name, value) -> {
			module.setInput(name, value);
			module.resolveInput(name); // else remembered values of earlier runs replace them
		});
		final Running running = new Running();
		running.module = module;
		running.future = modules.run(module, true);
		return running;
	}

	private static void waitUntil(final java.util.function.BooleanSupplier condition) throws InterruptedException {
		final long end = System.nanoTime() + 120_000_000_000L;
		while (!condition.getAsBoolean()) {
			assertTrue(System.nanoTime() < end, "timed out");
			Thread.sleep(20);
		}
	}

	@Test
	void cancelDuringWarmUpStopsTheTrainingAndKeepsNoModel(@TempDir final Path folder) throws Exception {
		final Running running = startLong(folder, 1_000_000);
		waitUntil(Scribble2LabelTrainer::isTrainingRunning);
		Thread.sleep(1500); // a few warm-up steps
		((org.scijava.Cancelable) running.module).cancel("test");
		running.future.get();
		assertTrue(((org.scijava.Cancelable) running.module.getDelegateObject()).isCanceled());
		waitUntil(() -> !Scribble2LabelTrainer.isTrainingRunning());
		assertFalse(Files.exists(folder.resolve("long.zip")));
	}

	@Test
	void cancelWhilePseudoLabellingAndASecondTrainingIsRefused(@TempDir final Path folder) throws Exception {
		final Scribble2LabelService session = context.service(Scribble2LabelService.class);
		final int before = session.ensembleUpdates();
		final Running running = startLong(folder, 8);
		waitUntil(() -> session.ensembleUpdates() > before); // pseudo-labels have started
		final CommandModule second = run(TrainFromScribblesCommand.class,
			inputs(CommandTestImages.withOverlayScribbles(DATA, "other.tif"), "Overlay", folder.resolve("second.zip")));
		assertTrue(second.isCanceled());
		assertTrue(second.getCancelReason().contains("Only one can run at a time"), second.getCancelReason());
		((org.scijava.Cancelable) running.module).cancel("test");
		running.future.get();
		waitUntil(() -> !Scribble2LabelTrainer.isTrainingRunning());
		assertFalse(Files.exists(folder.resolve("long.zip")));
	}
}
