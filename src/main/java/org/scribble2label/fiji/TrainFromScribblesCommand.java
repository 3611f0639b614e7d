package org.scribble2label.fiji;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.scribble2label.core.TrainingConfig;
import org.scribble2label.core.train.Scribble2LabelTrainer;

/**
 * Trains a new model from the scribbles of an image, saves it, and returns the probability
 * map, the class labels and the instance labels of the image.
 */
@Plugin(type = org.scijava.command.Command.class, headless = true,
	menuPath = Scribble2LabelMenu.ROOT + "Train from Scribbles")
public class TrainFromScribblesCommand extends AbstractTrainingCommand {

	@Parameter(label = "Save model as", style = "save, extensions:zip")
	private File model_file;

	@Override
	protected Path modelOutput() {
		return model_file.toPath();
	}

	@Override
	protected Scribble2LabelTrainer trainer(final TrainingConfig config, final List<String> classNames) {
		return new Scribble2LabelTrainer(config).classNames(classNames);
	}
}
