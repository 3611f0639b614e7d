package org.scribble2label.fiji;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.UIService;

import org.scribble2label.core.instance.InstanceSegmentation;
import org.scribble2label.core.model.Scribble2LabelModel;
import org.scribble2label.ij.ModelInput;
import org.scribble2label.io.ImageFiles;
import org.scribble2label.io.ImageFolder;
import org.scribble2label.io.PredictionFiles;
import org.scribble2label.io.Shard;

/**
 * Applies a model to every image of a folder, or to one shard of it (a cluster's job array:
 * {@code shard=3/10}), one image at a time (memory stays bounded by the largest image), writing
 * NAME_labels.tif, NAME_mask.tif, NAME_instances.tif and NAME_probabilities.tif to the output
 * folder, all four or none. Images whose four results exist are done already and skipped, so a
 * rerun does only what is missing; unreadable files are skipped and reported. Folder listing and
 * output names are {@link ImageFolder}'s and {@link PredictionFiles}', as on the command line.
 */
@Plugin(type = org.scijava.command.Command.class, headless = true,
	menuPath = Scribble2LabelMenu.ROOT + "Apply Scribble2Label Model to Folder")
public class ApplyModelToFolderCommand extends CancelableCommand {

	@Parameter
	private UIService ui;

	@Parameter
	private LogService log;

	@Parameter
	private StatusService status;

	@Parameter(required = false)
	private org.scijava.task.TaskService tasks;

	@Parameter(label = "Model file", style = "open, extensions:zip")
	private File model_file;

	@Parameter(label = "Input folder", style = "directory")
	private File input_folder;

	@Parameter(label = "Output folder", style = "directory")
	private File output_folder;

	@Parameter(label = "Channel (0 = all)", min = "0", persist = false, description = "The channel the model was trained on, or 0 for all")
	private int channel = 0;

	@Parameter(label = "File pattern", description = "Which files to process, e.g. *.tif or *.png")
	private String file_pattern = "*.tif";

	@Parameter(label = "Split touching objects")
	private boolean split_touching = true;

	@Parameter(label = "Minimum object size (pixels)", min = "0")
	private int min_object_size = 16;

	// Never remembered: replacing files must be asked for every time.
	@Parameter(label = "Overwrite existing outputs", persist = false)
	private boolean overwrite = false;

	@Parameter(label = "Device", choices = { "auto", "CPU", "GPU" })
	private String device = "auto";

	// Never remembered: a shard left over from a cluster job would silently skip most of a folder.
	@Parameter(label = "Shard (I/N, empty = all)", required = false, persist = false,
		description = "Only the I-th of N parts of the folder (files by name), e.g. 3/10 for array task 3 of 10")
	private String shard = "";

	@Parameter(type = ItemIO.OUTPUT, label = "Images processed")
	private int processed;

	@Parameter(type = ItemIO.OUTPUT, label = "Images done already")
	private int done_already;

	@Parameter(type = ItemIO.OUTPUT, label = "Files skipped")
	private String skipped;

	@Override
	public void run() {
		try {
			final Shard part = Shard.parse(shard);
			final List<Path> all = list(input_folder.toPath(), file_pattern);
			final Map<Path, String> names = PredictionFiles.names(all);
			final List<Path> files = part.of(all);
			final Path output = output_folder.toPath();
			if (Files.isDirectory(output) && Files.isSameFile(output, input_folder.toPath()))
				throw new IllegalArgumentException("Choose an output folder other than the input folder: results next to the images " +
					"could replace files there and would be processed as images next time.");
			if (!Files.isDirectory(output))
				throw new IllegalArgumentException("The output folder " + output + " does not exist: create it first.");
			if (!Files.isWritable(output))
				throw new IllegalArgumentException("The output folder " + output + " is not writable: choose another one.");
			final Set<Path> inputs = new HashSet<>();
			for (final Path f : all)
				if (Files.exists(f)) inputs.add(f.toRealPath());
			final PredictionFiles results = new PredictionFiles(output);
			final InstanceSegmentation instances = Scribble2LabelMenu.instances(split_touching, min_object_size);
			final List<String> problems = new ArrayList<>();
			Scribble2LabelModel model = null;
			try (PredictionProgress progress = new PredictionProgress(tasks, status, "Scribble2Label: " + input_folder.getName(), true)) {
				for (int i = 0; i < files.size(); i++) {
					// Cancelled between images or during one: the images done so far keep their results.
					if (isCanceled() || progress.cancelled()) {
						log.info("Scribble2Label: cancelled after " + processed + " of " + files.size() + " image(s); their " +
							"results are in " + output + ".");
						throw new java.util.concurrent.CancellationException();
					}
					final Path file = files.get(i);
					final String name = names.get(file);
					results.deleteStaleParts(name);
					final PredictionFiles.State state = results.state(name);
					if (state == PredictionFiles.State.COMPLETE && !overwrite) {
						done_already++;
						continue;
					}
					if (state == PredictionFiles.State.PARTIAL && !overwrite) {
						problems.add(file.getFileName() + ": the output folder holds some of its results but not all four; remove " +
							"them, or tick 'Overwrite existing outputs'.");
						continue;
					}
					if (model == null) {
						EngineSetup.ensure(ui);
						model = Scribble2LabelModel.load(model_file.toPath(), Scribble2LabelMenu.device(device));
					}
					progress.image(i + 1, files.size(), file.getFileName().toString());
					try {
						final ImagePlus image = ImageFiles.read(file);
						PredictionFiles.requireMemory(file.getFileName().toString(), image.getWidth(), image.getHeight(),
							(long) image.getNSlices() * image.getNFrames(), model.spec().classes(),
						ModelInput.copiedBytesPerPixel(image, channel, model));
						results.write(name, ModelInput.predict(image, channel, model, () -> isCanceled() || progress.cancelled(),
							progress), model.classNames(), image.getCalibration(), instances, overwrite, inputs);
						processed++;
					}
					catch (final java.util.concurrent.CancellationException e) {
						log.info("Scribble2Label: cancelled during " + file.getFileName() + "; the " + processed + " image(s) " +
							"before it have their results in " + output + ".");
						throw e;
					}
					catch (final IOException | RuntimeException e) {
						problems.add(file.getFileName() + ": " + e.getMessage());
						log.warn("Scribble2Label: skipped " + file + ": " + e.getMessage());
					}
				}
			}
			finally {
				if (model != null) model.close();
			}
			skipped = String.join("\n", problems);
			status.clearStatus();
			log.info("Scribble2Label: " + (part.isAll() ? "" : "shard " + part + ", ") + processed + " image(s) processed, " +
				done_already + " done already, " + problems.size() + " skipped.");
		}
		catch (final Exception e) {
			fail(log, ui, e);
		}
	}

	/** The images of the folder that match the pattern, by name; never our own outputs or companions. */
	static List<Path> list(final Path folder, final String pattern) throws IOException {
		if (!Files.isDirectory(folder))
			throw new IllegalArgumentException("The input folder " + folder + " does not exist.");
		final List<Path> files = ImageFolder.images(folder, pattern);
		if (files.isEmpty())
			throw new IllegalArgumentException("No file matches '" + pattern + "' in " + folder + ".");
		return files;
	}
}
