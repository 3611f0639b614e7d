package org.scribble2label.fiji;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.scribble2label.core.TrainingConfig;
import org.scribble2label.core.model.Scribble2LabelModel;
import org.scribble2label.core.train.Scribble2LabelTrainer;

/**
 * Human in the loop: trains on from an existing model with the current scribbles (draw, look,
 * add a few strokes where the result is wrong, continue). The existing model file is kept; the
 * continued model is saved under a new name.
 */
@Plugin(type = org.scijava.command.Command.class, headless = true,
	menuPath = Scribble2LabelMenu.ROOT + "Continue Scribble2Label Training")
public class ContinueTrainingCommand extends AbstractTrainingCommand {

	@Parameter(label = "Model to continue", style = "open, extensions:zip")
	private File model_file;

	@Parameter(label = "Save continued model as", style = "save, extensions:zip")
	private File save_model_as;

	private Scribble2LabelModel start;

	@Override
	protected Path modelOutput() {
		if (save_model_as.getAbsoluteFile().equals(model_file.getAbsoluteFile()))
			throw new IllegalArgumentException("Save the continued model under a new name: " + model_file +
				" is the model it starts from.");
		return save_model_as.toPath();
	}

	@Override
	protected Scribble2LabelTrainer trainer(final TrainingConfig config, final List<String> classNames) throws IOException {
		start = Scribble2LabelModel.load(model_file.toPath(), Scribble2LabelMenu.device(device));
		// Classes are matched to the model's by name (the trainer says which ones it does not know).
		return new Scribble2LabelTrainer(config).classNames(classNames).continueFrom(start);
	}

	@Override
	protected void release() {
		if (start != null) start.close();
	}
}
