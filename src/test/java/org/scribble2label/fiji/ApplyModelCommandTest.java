package org.scribble2label.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.measure.Calibration;

import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import org.scribble2label.core.TestModels;
import org.scribble2label.ij.ImagePlusAdapter;

class ApplyModelCommandTest extends CommandTestContext {

	private static ImagePlus calibratedImage() {
		final ImagePlus image = ImagePlusAdapter.toImagePlus(TestModels.DATA.image, "cells.tif", null);
		final Calibration c = image.getCalibration();
		c.pixelWidth = c.pixelHeight = 0.65;
		c.setUnit("µm");
		return image;
	}

	@Test
	void appliesAModelToTheImage() throws Exception {
		final Map<String, Object> inputs = new HashMap<>();
		inputs.put("image", calibratedImage());
		inputs.put("model_file", TestModels.tinyModelFile().toFile());
		inputs.put("split_touching", true);
		inputs.put("min_object_size", 4);
		inputs.put("device", "CPU");
		final CommandModule module = context.service(CommandService.class).run(ApplyModelCommand.class, true, inputs).get();
		assertFalse(module.isCanceled(), String.valueOf(module.getCancelReason()));
		final ImagePlus probabilities = (ImagePlus) module.getOutput("probabilities");
		final ImagePlus labels = (ImagePlus) module.getOutput("labels");
		final ImagePlus instances = (ImagePlus) module.getOutput("instances");
		assertEquals(2, probabilities.getNChannels());
		assertEquals("background", probabilities.getStack().getSliceLabel(1));
		assertEquals("cells probabilities", probabilities.getTitle());
		assertEquals("cells labels", labels.getTitle());
		assertEquals(64, labels.getWidth());
		assertEquals(0.65, instances.getCalibration().pixelWidth, 0);
		assertEquals("µm", labels.getCalibration().getUnit());
		assertTrue(labels.getProcessor().getStatistics().max == 1, "foreground found");
		assertTrue(instances.getProcessor().getStatistics().max >= 1);
		// Class labels and probabilities agree.
		for (int i = 0; i < 64 * 64; i++)
			assertEquals(probabilities.getStack().getProcessor(2).getf(i) > 0.5, labels.getProcessor().get(i) == 1);
	}

	@Test
	void aMissingModelFileCancelsWithAMessage(@TempDir final Path folder) throws Exception {
		final CommandModule module = context.service(CommandService.class).run(ApplyModelCommand.class, true, "image",
			calibratedImage(), "model_file", folder.resolve("none.zip").toFile(), "device", "CPU").get();
		assertTrue(module.isCanceled());
		assertTrue(module.getCancelReason().startsWith("No model file at"), module.getCancelReason());
	}

	@Test
	void appliesToAFolderSkippingUnreadableFiles(@TempDir final Path folder) throws Exception {
		final Path in = Files.createDirectories(folder.resolve("in")), out = Files.createDirectories(folder.resolve("out"));
		assertTrue(new FileSaver(calibratedImage()).saveAsTiff(in.resolve("a.tif").toString()));
		assertTrue(new FileSaver(calibratedImage()).saveAsTiff(in.resolve("b.tif").toString()));
		Files.write(in.resolve("broken.tif"), new byte[] { 1, 2, 3 });
		final Map<String, Object> inputs = new HashMap<>();
		inputs.put("model_file", TestModels.tinyModelFile().toFile());
		inputs.put("input_folder", in.toFile());
		inputs.put("output_folder", out.toFile());
		inputs.put("file_pattern", "*.tif");
		inputs.put("device", "CPU");
		final CommandModule module = context.service(CommandService.class).run(ApplyModelToFolderCommand.class, true, inputs)
			.get();
		assertFalse(module.isCanceled(), String.valueOf(module.getCancelReason()));
		assertEquals(2, module.getOutput("processed"));
		assertTrue(((String) module.getOutput("skipped")).startsWith("broken.tif"));
		for (final String name : new String[] { "a_labels.tif", "a_instances.tif", "a_probabilities.tif", "a_mask.tif", "b_labels.tif",
			"b_mask.tif" })
			assertTrue(Files.isRegularFile(out.resolve(name)), name);
		// A second run keeps the complete outputs: those images are done already.
		final CommandModule again = context.service(CommandService.class).run(ApplyModelToFolderCommand.class, true, inputs)
			.get();
		assertEquals(0, again.getOutput("processed"));
		assertEquals(2, again.getOutput("done_already"));
		assertTrue(((String) again.getOutput("skipped")).startsWith("broken.tif"));
		// A shard, as a cluster's array task runs it headless: the second of three parts of a.tif, b.tif, broken.tif.
		final Path shardOut = Files.createDirectories(folder.resolve("shard"));
		final Map<String, Object> shardInputs = new HashMap<>(inputs);
		shardInputs.put("output_folder", shardOut.toFile());
		shardInputs.put("shard", "2/3");
		final CommandModule shard = context.service(CommandService.class).run(ApplyModelToFolderCommand.class, true, shardInputs)
			.get();
		assertFalse(shard.isCanceled(), String.valueOf(shard.getCancelReason()));
		assertEquals(1, shard.getOutput("processed"));
		try (java.util.stream.Stream<Path> written = Files.list(shardOut)) {
			assertEquals(java.util.Set.of("b_labels.tif", "b_mask.tif", "b_instances.tif", "b_probabilities.tif"),
				written.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
		}
		assertNotNull(context.service(CommandService.class).getCommand(ApplyModelToFolderCommand.class),
			"the plugin index lists the command");
		// Results never go into the input folder, and earlier results are not inputs.
		inputs.put("output_folder", in.toFile());
		final CommandModule into = context.service(CommandService.class).run(ApplyModelToFolderCommand.class, true, inputs).get();
		assertTrue(into.getCancelReason().startsWith("Choose an output folder other than the input folder"), into.getCancelReason());
		Files.copy(out.resolve("a_labels.tif"), in.resolve("a_labels.tif"));
		assertEquals(3, ApplyModelToFolderCommand.list(in, "*.tif").size(), "a.tif, b.tif and broken.tif; not a_labels.tif");
	}
}
