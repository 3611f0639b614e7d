package org.scribble2label.fiji;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.UIService;

import org.scribble2label.core.instance.InstanceSegmentation;
import org.scribble2label.core.model.Scribble2LabelModel;
import org.scribble2label.core.predict.Prediction;
import org.scribble2label.ij.OutputImages;
import org.scribble2label.io.ImageFiles;

/**
 * Applies a model to every image of a folder, one image at a time (memory stays bounded by
 * the largest image), writing NAME_labels.tif, NAME_instances.tif and NAME_probabilities.tif
 * to the output folder. Unreadable files are skipped and reported; existing outputs are kept
 * unless overwriting is allowed.
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

	@Parameter(type = ItemIO.OUTPUT, label = "Images processed")
	private int processed;

	@Parameter(type = ItemIO.OUTPUT, label = "Files skipped")
	private String skipped;

	@Override
	public void run() {
		try {
			final List<Path> files = list(input_folder.toPath(), file_pattern);
			final Path output = output_folder.toPath();
			if (Files.isDirectory(output) && Files.isSameFile(output, input_folder.toPath()))
				throw new IllegalArgumentException("Choose an output folder other than the input folder: results next to the images " +
					"could replace files there and would be processed as images next time.");
			if (!Files.isDirectory(output))
				throw new IllegalArgumentException("The output folder " + output + " does not exist: create it first.");
			if (!Files.isWritable(output))
				throw new IllegalArgumentException("The output folder " + output + " is not writable: choose another one.");
			EngineSetup.ensure(ui);
			final InstanceSegmentation instances = Scribble2LabelMenu.instances(split_touching, min_object_size);
			final List<String> problems = new ArrayList<>();
			try (Scribble2LabelModel model = Scribble2LabelModel.load(model_file.toPath(), Scribble2LabelMenu.device(device));
				PredictionProgress progress = new PredictionProgress(tasks, status, "Scribble2Label: " + input_folder.getName(), true))
			{
				for (int i = 0; i < files.size(); i++) {
					// Cancelled between images or during one: the images done so far keep their results.
					if (isCanceled() || progress.cancelled()) {
						log.info("Scribble2Label: cancelled after " + processed + " of " + files.size() + " image(s); their " +
							"results are in " + output + ".");
						throw new java.util.concurrent.CancellationException();
					}
					final Path file = files.get(i);
					progress.image(i + 1, files.size(), file.getFileName().toString());
					try {
						final ImagePlus image = ImageFiles.read(file);
						final Prediction prediction = model.predict(org.scribble2label.ij.ModelInput.input(image, channel, model),
							() -> isCanceled() || progress.cancelled(), progress);
						final String name = Scribble2LabelMenu.baseTitle(image);
						ImageFiles.writeTiff(OutputImages.labels(prediction, name, image.getCalibration()),
							output.resolve(name + "_labels.tif"), overwrite);
						ImageFiles.writeTiff(OutputImages.instances(instances.apply(prediction.labels()), name, image.getCalibration()),
							output.resolve(name + "_instances.tif"), overwrite);
						ImageFiles.writeTiff(OutputImages.probabilities(prediction, model.classNames(), name, image.getCalibration()),
							output.resolve(name + "_probabilities.tif"), overwrite);
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
			skipped = String.join("\n", problems);
			log.info("Scribble2Label: " + processed + " image(s) processed, " + problems.size() + " skipped.");
		}
		catch (final Exception e) {
			fail(log, ui, e);
		}
	}

	/** Our own outputs (e.g. of an earlier run) are never inputs. */
	private static boolean isOutput(final Path file) {
		final String name = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
		return name.endsWith("_labels") || name.endsWith("_instances") || name.endsWith("_probabilities");
	}

	static List<Path> list(final Path folder, final String pattern) throws IOException {
		if (!Files.isDirectory(folder))
			throw new IllegalArgumentException("The input folder " + folder + " does not exist.");
		final PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
		final List<Path> files = new ArrayList<>();
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
			for (final Path f : stream)
				if (Files.isRegularFile(f) && matcher.matches(f.getFileName()) && !isOutput(f)) files.add(f);
		}
		files.sort(null);
		if (files.isEmpty())
			throw new IllegalArgumentException("No file matches '" + pattern + "' in " + folder + ".");
		return files;
	}
}
