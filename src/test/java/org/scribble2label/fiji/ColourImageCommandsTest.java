package org.scribble2label.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.process.ColorProcessor;

import org.scijava.command.CommandModule;
import org.scijava.log.LogListener;
import org.scijava.log.LogService;

import org.scribble2label.core.DeviceChoice;
import org.scribble2label.core.SyntheticImages;
import org.scribble2label.core.model.Scribble2LabelModel;
import org.scribble2label.core.starter.Modality;
import org.scribble2label.core.starter.StarterModels;

/** The commands on a colour (RGB) image: trained and applied as the model takes it, three channels or the luminance. */
class ColourImageCommandsTest extends CommandTestContext {

	private static final SyntheticImages DATA = SyntheticImages.create(64, 5);

	/** The synthetic image tinted (objects warm, background cool), with the overlay scribbles of the grey one. */
	private static ImagePlus colourImage(final String title) {
		final ImagePlus grey = CommandTestImages.withOverlayScribbles(DATA, title);
		final float[] values = DATA.image.update(null).getCurrentStorageArray();
		final ColorProcessor cp = new ColorProcessor(64, 64);
		for (int i = 0; i < values.length; i++) {
			final int v = Math.max(0, Math.min(255, Math.round(values[i])));
			cp.set(i, v << 16 | (v * 3 / 4) << 8 | (255 - v));
		}
		final ImagePlus colour = new ImagePlus(title, cp);
		colour.setOverlay(grey.getOverlay());
		return colour;
	}

	private static Map<String, Object> training(final ImagePlus image, final Path model) {
		final Map<String, Object> inputs = TrainFromScribblesCommandTest.inputs(image, "Overlay", model);
		inputs.put("warmup_crops", 16);
		return inputs;
	}

	private static Map<String, Object> continuing(final ImagePlus image, final Path model, final Path saveAs) {
		final Map<String, Object> inputs = training(image, model);
		inputs.remove("start_from");
		inputs.remove("start_model");
		inputs.put("training_crops", 16);
		inputs.put("warmup_crops", 8);
		inputs.put("save_model_as", saveAs.toFile());
		return inputs;
	}

	@Test
	void aColourImageFineTunesTheHistologyStarterAsTheStarterTakesIt(@TempDir final Path folder) throws Exception {
		final ImagePlus image = colourImage("stained.tif");
		final Path model = folder.resolve("stained.zip");
		final List<String> logged = new CopyOnWriteArrayList<>();
		final LogListener listener = message -> logged.add(message.text());
		context.service(LogService.class).addLogListener(listener);
		final CommandModule trained;
		try {
			trained = run(TrainFromScribblesCommand.class, training(image, model));
		}
		finally {
			context.service(LogService.class).removeLogListener(listener);
		}
		assertFalse(trained.isCanceled(), String.valueOf(trained.getCancelReason()));
		assertTrue(logged.stream().anyMatch(line -> line.contains("Starting from the built-in histology starter: the image is in " +
			"colour")), logged.toString());
		try (Scribble2LabelModel starter = StarterModels.load(Modality.HISTOLOGY, DeviceChoice.CPU);
			Scribble2LabelModel loaded = Scribble2LabelModel.load(model, DeviceChoice.CPU))
		{
			assertEquals(starter.spec(), loaded.spec(), "the histology starter's network, its input channels included");
			assertTrue(loaded.config().freezeNormalization(), "fine-tuned from the starter");
		}
		assertEquals(64, ((ImagePlus) trained.getOutput("labels")).getWidth());
		// Continued on the same colour image, and asked where to scribble next.
		final CommandModule continued = run(ContinueTrainingCommand.class, continuing(image, model, folder.resolve("more.zip")));
		assertFalse(continued.isCanceled(), String.valueOf(continued.getCancelReason()));
		final CommandModule next = run(WhereToScribbleNextCommand.class, "image", image, "as_rois", false, "min_region_size", 3);
		assertFalse(next.isCanceled(), String.valueOf(next.getCancelReason()));
	}

	@Test
	void aColourImageTrainsAModelOfThreeChannelsThatAppliesToColourOnly(@TempDir final Path folder) throws Exception {
		final ImagePlus image = colourImage("stained.tif");
		final Path model = folder.resolve("colour.zip");
		final Map<String, Object> inputs = training(image, model);
		inputs.put("start_from", TrainFromScribblesCommand.RANDOM);
		inputs.put("network_depth", 2);
		final CommandModule trained = run(TrainFromScribblesCommand.class, inputs);
		assertFalse(trained.isCanceled(), String.valueOf(trained.getCancelReason()));
		try (Scribble2LabelModel loaded = Scribble2LabelModel.load(model, DeviceChoice.CPU)) {
			assertEquals(3, loaded.spec().inputChannels(), "red, green and blue");
		}
		final CommandModule applied = run(ApplyModelCommand.class, "image", image, "model_file", model.toFile(), "channel", 0,
			"device", "CPU");
		assertFalse(applied.isCanceled(), String.valueOf(applied.getCancelReason()));
		assertArrayEquals((byte[]) ((ImagePlus) trained.getOutput("labels")).getProcessor().getPixels(),
			(byte[]) ((ImagePlus) applied.getOutput("labels")).getProcessor().getPixels(), "the saved model predicts the same");

		final ImagePlus grey = CommandTestImages.withOverlayScribbles(DATA, "grey.tif");
		final CommandModule greyApplied = run(ApplyModelCommand.class, "image", grey, "model_file", model.toFile(), "channel", 0,
			"device", "CPU");
		assertTrue(greyApplied.isCanceled());
		assertTrue(greyApplied.getCancelReason().contains("Use an image with 3 channels (for a model trained on colour: an RGB " +
			"image)"), greyApplied.getCancelReason());
		final CommandModule greyContinued = run(ContinueTrainingCommand.class, continuing(grey, model, folder.resolve("grey.zip")));
		assertTrue(greyContinued.isCanceled());
		assertTrue(greyContinued.getCancelReason().contains("trained on images of 3 channel(s), but 'grey.tif' has 1"),
			greyContinued.getCancelReason());
	}
}
