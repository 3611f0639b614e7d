package org.scribble2label.fiji;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.scribble2label.core.TrainingConfig;
import org.scribble2label.core.TrainingOptions;
import org.scribble2label.core.model.Scribble2LabelModel;
import org.scribble2label.core.starter.StartFrom;
import org.scribble2label.core.train.Scribble2LabelTrainer;
import org.scribble2label.ij.ModelInput;

/**
 * Trains a new model from the scribbles of an image, saves it, and returns the probability
 * map, the class labels and the instance labels of the image.
 */
@Plugin(type = org.scijava.command.Command.class, headless = true,
	menuPath = Scribble2LabelMenu.ROOT + "Train from Scribbles")
public class TrainFromScribblesCommand extends AbstractTrainingCommand {

	static final String AUTOMATIC = "automatic (built-in starter for the image's kind)", RANDOM = "none (random weights)",
		MODEL_FILE = "a model file";

	@Parameter(label = "Save model as", style = "save, extensions:zip")
	private File model_file;

	@Parameter(label = "Start from", choices = { AUTOMATIC, RANDOM, "fluorescence starter", "histology starter",
		"bright-field starter", MODEL_FILE }, description = "A trained start adapts to your scribbles in well under a " +
			"minute; automatic picks the starter from the image (colour: histology; grey with a dark background: " +
			"fluorescence; bright: bright-field) and says which. None trains from random weights (about two minutes)")
	private String start_from = AUTOMATIC;

	@Parameter(label = "Start model file", required = false, persist = false,
		description = "For 'a model file' only: the .zip to start from; 'none' otherwise")
	private String start_model = NONE;

	@Override
	protected Scribble2LabelModel startingModel(final RandomAccessibleInterval<? extends RealType<?>> input,
		final List<String> classNames) throws IOException
	{
		final String start = start_from.equals(MODEL_FILE) ? start_model : start_from;
		if (start_from.equals(MODEL_FILE) && (start == null || start.trim().isEmpty() || start.trim().equalsIgnoreCase(NONE)))
			throw new IllegalArgumentException("Give the start model file, or choose another start.");
		return StartFrom.parse(start).open(input, ModelInput.isColour(image, channel), classNames, TrainingOptions.device(device),
			line -> log.info("Scribble2Label: " + line));
	}

	@Override
	protected Path modelOutput() {
		return model_file.toPath();
	}

	@Override
	protected Scribble2LabelTrainer trainer(final TrainingConfig config, final List<String> classNames) {
		return new Scribble2LabelTrainer(config).classNames(classNames);
	}
}
