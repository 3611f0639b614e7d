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

import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.console.ConsoleService;
import org.scijava.startup.StartupService;

import org.scribble2label.core.DeviceChoice;
import org.scribble2label.core.Scribbles;
import org.scribble2label.core.SyntheticImages;
import org.scribble2label.core.TestModels;
import org.scribble2label.core.model.Scribble2LabelModel;
import org.scribble2label.ij.RoiScribbles;
import org.scribble2label.io.labkit.LabelingFile;

import sc.fiji.labkit.ui.plugin.LabkitPlugin;

/** Continue Training, Where to Scribble Next, the Labkit commands and the --headless --run form. */
class MoreCommandsTest extends CommandTestContext {

	private static final SyntheticImages DATA = SyntheticImages.create(64, 7);
	@Test
	void continueTrainingFromAModelAndThenAskWhereToScribbleNext(@TempDir final Path folder) throws Exception {
		final ImagePlus image = CommandTestImages.withOverlayScribbles(DATA, "cells.tif");
		final Path continued = folder.resolve("continued.zip");
		final CommandModule module = run(ContinueTrainingCommand.class, "image", image, "scribbles", "Overlay",
			"labeling_file", "", "scribble_labels", "none", "training_crops", 48, "warmup_crops", 16, "device", "CPU",
			"model_file", TestModels.tinyModelFile().toFile(), "save_model_as", continued.toFile(), "show_window", false);
		assertFalse(module.isCanceled(), String.valueOf(module.getCancelReason()));
		try (Scribble2LabelModel start = Scribble2LabelModel.load(TestModels.tinyModelFile(), DeviceChoice.CPU);
			Scribble2LabelModel model = Scribble2LabelModel.load(continued, DeviceChoice.CPU))
		{
			assertEquals(start.spec(), model.spec(), "the architecture of the model it continues");
		}
		final CommandModule sameFile = run(ContinueTrainingCommand.class, "image", image, "scribbles", "Overlay",
			"labeling_file", "", "scribble_labels", "none", "device", "CPU", "model_file", TestModels.tinyModelFile().toFile(),
			"save_model_as", TestModels.tinyModelFile().toFile(), "overwrite", true, "show_window", false);
		assertTrue(sameFile.getCancelReason().contains("under a new name"), sameFile.getCancelReason());

		final CommandModule next = run(WhereToScribbleNextCommand.class, "image", image, "as_rois", true, "min_region_size", 3);
		assertFalse(next.isCanceled(), String.valueOf(next.getCancelReason()));
		final ImagePlus uncertainty = (ImagePlus) next.getOutput("uncertainty");
		assertEquals(64, uncertainty.getWidth());
		final int regions = (Integer) next.getOutput("unsure_regions");
		// Headless there is no ROI Manager: the regions go to the image's overlay, after the scribbles.
		final long unsure = java.util.Arrays.stream(image.getOverlay().toArray()).filter(r -> r.getName().startsWith("unsure-"))
			.count();
		assertEquals(regions, unsure);
		// Uncertainty is 1 - max class probability: within [0, 0.5] for two classes.
		final float[] u = (float[]) uncertainty.getProcessor().getPixels();
		for (final float v : u)
			assertTrue(v >= 0 && v <= 0.5f + 1e-6f);

		final CommandModule other = run(WhereToScribbleNextCommand.class, "image", CommandTestImages.image(DATA, "other.tif"),
			"as_rois", false, "min_region_size", 3);
		assertTrue(other.getCancelReason().contains("was not the image of the last training"), other.getCancelReason());
	}

	@Test
	void exportScribblesToLabkitAndOpenInLabkit(@TempDir final Path folder) throws Exception {
		final ImagePlus drawn = CommandTestImages.withOverlayScribbles(DATA, "cells.tif");
		final Path labeling = folder.resolve("export.labeling");
		final CommandModule export = run(ExportScribblesCommand.class, "image", drawn, "scribbles", "Overlay",
			"labeling_file", labeling.toFile(), "overwrite", false);
		assertFalse(export.isCanceled(), String.valueOf(export.getCancelReason()));
		final Scribbles read = LabelingFile.read(labeling);
		final Scribbles rois = RoiScribbles.fromOverlay(drawn);
		assertEquals(rois.classNames(), read.classNames());
		assertTrue(java.util.Arrays.equals(rois.counts(), read.counts()));

		// Open in Labkit: the scribbles go next to the saved image, then Labkit runs by class name.
		final Path imageFile = folder.resolve("cells.tif");
		assertTrue(new FileSaver(drawn).saveAsTiff(imageFile.toString()));
		final ImagePlus saved = ij.IJ.openImage(imageFile.toString());
		saved.setOverlay(drawn.getOverlay());
		final int before = LabkitPlugin.runs;
		final CommandModule open = run(OpenInLabkitCommand.class, "image", saved, "scribbles", "Overlay", "replace_existing",
			false);
		assertFalse(open.isCanceled(), String.valueOf(open.getCancelReason()));
		assertEquals(before + 1, LabkitPlugin.runs);
		assertTrue(Files.isRegularFile(LabelingFile.defaultLabelingPath(imageFile)));
		// An existing labeling is never replaced unless asked.
		final long size = Files.size(LabelingFile.defaultLabelingPath(imageFile));
		saved.getOverlay().remove(0);
		run(OpenInLabkitCommand.class, "image", saved, "scribbles", "Overlay", "replace_existing", false);
		assertEquals(size, Files.size(LabelingFile.defaultLabelingPath(imageFile)));
	}

	/** Objects added by Apply sit next to the scribbles; reading the scribbles skips them instead of refusing. */
	@Test
	void resultRoisNextToTheScribblesAreSkipped(@TempDir final Path folder) throws Exception {
		final ImagePlus drawn = CommandTestImages.withOverlayScribbles(DATA, "cells.tif");
		final int scribbles = drawn.getOverlay().size();
		// What Apply with "Add objects to the ROI Manager" adds (headless: to the overlay).
		org.scribble2label.ij.InstanceRois.addToOverlay(drawn, org.scribble2label.ij.InstanceRois.toRois(
			net.imglib2.img.array.ArrayImgs.unsignedBytes(DATA.mask.update(null).getCurrentStorageArray(), 64, 64)));
		assertTrue(drawn.getOverlay().size() > scribbles);
		final CommandModule export = run(ExportScribblesCommand.class, "image", drawn, "scribbles", "Overlay",
			"labeling_file", folder.resolve("s.labeling").toFile(), "overwrite", false);
		assertFalse(export.isCanceled(), String.valueOf(export.getCancelReason()));
		assertTrue(java.util.Arrays.equals(RoiScribbles.fromOverlay(CommandTestImages.withOverlayScribbles(DATA, "x")).counts(),
			LabelingFile.read(folder.resolve("s.labeling")).counts()), "only the scribbles were exported");
	}

	@Test
	void exportToBioimageIoWritesAPackage(@TempDir final Path folder) throws Exception {
		final Path zip = folder.resolve("cells.bioimage.io.zip");
		final CommandModule export = run(ExportToBioimageIoCommand.class, "image", CommandTestImages.image(DATA, "cells.tif"),
			"model_file", TestModels.tinyModelFile().toFile(), "channel", 0, "model_name", "Cells", "package_file", zip.toFile(),
			"overwrite", false);
		assertFalse(export.isCanceled(), String.valueOf(export.getCancelReason()));
		try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
			for (final String name : new String[] { "rdf.yaml", "weights.onnx", "test_input.npy", "test_output.npy", "README.md" })
				assertNotNull(z.getEntry(name), name);
			assertTrue(new String(z.getInputStream(z.getEntry("rdf.yaml")).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
				.contains("name: 'Cells'"));
		}
		final CommandModule again = run(ExportToBioimageIoCommand.class, "image", CommandTestImages.image(DATA, "cells.tif"),
			"model_file", TestModels.tinyModelFile().toFile(), "channel", 0, "model_name", "Cells", "package_file", zip.toFile(),
			"overwrite", false);
		assertTrue(again.getCancelReason().contains("already exists"), again.getCancelReason());
	}

	@Test
	void openInLabkitSaysWhenLabkitIsMissing() throws Exception {
		// A Fiji without Labkit: every plugin but the Labkit test double.
		final org.scijava.plugin.PluginIndex withoutLabkit = new org.scijava.plugin.PluginIndex(plugins -> {
			final Map<String, Throwable> problems = new org.scijava.plugin.DefaultPluginFinder().findPlugins(plugins);
			plugins.removeIf(p -> p.getClassName().equals(OpenInLabkitCommand.LABKIT_COMMAND));
			return problems;
		});
		try (Context bare = new Context(withoutLabkit)) {
			final CommandModule open = bare.service(CommandService.class).run(OpenInLabkitCommand.class, true, "image",
				CommandTestImages.image(DATA, "cells.tif"), "scribbles", "none", "replace_existing", false).get();
			assertTrue(open.isCanceled());
			assertTrue(open.getCancelReason().startsWith("Labkit is not installed"), open.getCancelReason());
		}
	}

	@Test
	void oneChannelOfAMultiChannelImageAndObjectsAsRois(@TempDir final Path folder) throws Exception {
		// Two channels: the synthetic cells, and noise; train on channel 1 only.
		final ImagePlus cells = CommandTestImages.withOverlayScribbles(DATA, "two.tif");
		final ij.ImageStack stack = new ij.ImageStack(64, 64);
		stack.addSlice(cells.getProcessor().duplicate());
		final ij.process.FloatProcessor noise = new ij.process.FloatProcessor(64, 64);
		noise.noise(20);
		stack.addSlice(noise);
		final ImagePlus two = new ImagePlus("two.tif", stack);
		two.setDimensions(2, 1, 1);
		two.setOverlay(cells.getOverlay());
		final Path model = folder.resolve("channel.zip");
		final CommandModule train = run(TrainFromScribblesCommand.class, "image", two, "channel", 1, "scribbles", "Overlay",
			"labeling_file", "", "scribble_labels", "none", "training_crops", 16, "warmup_crops", 8, "device", "CPU", "model_file",
			model.toFile(), "show_window", false, "start_from", TrainFromScribblesCommand.AUTOMATIC, "start_model", "none");
		assertFalse(train.isCanceled(), String.valueOf(train.getCancelReason()));
		try (Scribble2LabelModel m = Scribble2LabelModel.load(model, DeviceChoice.CPU)) {
			assertEquals(1, m.spec().inputChannels());
		}
		final CommandModule missing = run(TrainFromScribblesCommand.class, "image", two, "channel", 3, "scribbles", "Overlay",
			"labeling_file", "", "scribble_labels", "none", "device", "CPU", "model_file", folder.resolve("x.zip").toFile(),
			"show_window", false, "start_from", TrainFromScribblesCommand.AUTOMATIC, "start_model", "none");
		assertTrue(missing.getCancelReason().contains("channel 3 does not exist"), missing.getCancelReason());
		// The single-channel model on all channels of the image: a clear message.
		final CommandModule wrong = run(ApplyModelCommand.class, "image", two, "model_file", model.toFile(), "channel", 0,
			"device", "CPU");
		assertTrue(wrong.getCancelReason().contains("Set 'Channel' to the channel the model was trained on (1..2)"),
			wrong.getCancelReason());
		final ImagePlus target = CommandTestImages.image(DATA, "target.tif");
		final CommandModule apply = run(ApplyModelCommand.class, "image", target, "model_file", model.toFile(), "channel", 0,
			"device", "CPU", "add_rois", true, "min_object_size", 1);
		assertFalse(apply.isCanceled(), String.valueOf(apply.getCancelReason()));
		final ImagePlus instances = (ImagePlus) apply.getOutput("instances");
		assertEquals((int) instances.getProcessor().getStatistics().max, target.getOverlay().size(),
			"one ROI per object (on the overlay, headless)");
	}

	@Test
	void withoutPyTorchHeadlessSaysHowToInstallIt() {
		final String offline = System.getProperty(EngineSetup.OFFLINE);
		System.clearProperty(EngineSetup.OFFLINE);
		try {
			final org.scijava.ui.UIService ui = context.service(org.scijava.ui.UIService.class);
			final RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
				() -> EngineSetup.ensure(ui, () -> false));
			assertTrue(e.getMessage().contains("PYTORCH_LIBRARY_PATH") && e.getMessage().contains("-Dai.djl.offline=false"),
				e.getMessage());
			assertEquals(null, System.getProperty(EngineSetup.OFFLINE), "nothing is allowed to download");
			EngineSetup.ensure(ui, () -> true);
			assertEquals(null, System.getProperty(EngineSetup.OFFLINE), "present libraries: loaded offline, property restored");
		}
		finally {
			if (offline != null) System.setProperty(EngineSetup.OFFLINE, offline);
		}
	}

	/** Fiji's batch form, in process: ImageJ --headless --run "Label" 'key=value,...'. */
	@Test
	void headlessRunFormAppliesAModel(@TempDir final Path folder) throws Exception {
		final Path in = Files.createDirectories(folder.resolve("in")), out = Files.createDirectories(folder.resolve("out"));
		assertTrue(new FileSaver(CommandTestImages.image(DATA, "a.tif")).saveAsTiff(in.resolve("a.tif").toString()));
		final String arguments = String.format("model_file=\"%s\",input_folder=\"%s\",output_folder=\"%s\",file_pattern=\"*.tif\"," +
			"split_touching=true,min_object_size=4,overwrite=false,device=\"CPU\"", TestModels.tinyModelFile(), in, out);
		context.service(ConsoleService.class).processArgs("--headless", "--run", "Apply Scribble2Label Model to Folder",
			arguments);
		context.service(StartupService.class).executeOperations();
		waitFor(out.resolve("a_instances.tif"));
		assertTrue(Files.isRegularFile(out.resolve("a_labels.tif")));
		assertNotNull(ij.IJ.openImage(out.resolve("a_probabilities.tif").toString()));
	}

	private static void waitFor(final Path file) throws InterruptedException {
		final long end = System.nanoTime() + 60_000_000_000L;
		while (!Files.isRegularFile(file) && System.nanoTime() < end)
			Thread.sleep(50);
		assertTrue(Files.isRegularFile(file), file + " was written");
	}
}
