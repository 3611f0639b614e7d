package org.scribble2label.fiji;

import java.io.File;

import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.UIService;

import org.scribble2label.core.model.Scribble2LabelModel;
import org.scribble2label.core.predict.Prediction;
import org.scribble2label.ij.OutputImages;

/** Applies a trained model to an image: probabilities, class labels and instance labels. */
@Plugin(type = Command.class, headless = true, menuPath = Scribble2LabelMenu.ROOT + "Apply Scribble2Label Model")
public class ApplyModelCommand extends CancelableCommand {

	@Parameter
	private UIService ui;

	@Parameter
	private LogService log;

	@Parameter(required = false)
	private org.scijava.app.StatusService status;

	@Parameter(required = false)
	private org.scijava.task.TaskService tasks;

	@Parameter(label = "Image")
	private ImagePlus image;

	@Parameter(label = "Model file", style = "open, extensions:zip")
	private File model_file;

	@Parameter(label = "Channel (0 = all)", min = "0", persist = false, description = "The channel the model was trained on, or 0 for all")
	private int channel = 0;

	@Parameter(label = "Split touching objects", description = "Watershed on the distance transform; else connected components")
	private boolean split_touching = true;

	@Parameter(label = "Minimum object size (pixels)", min = "0")
	private int min_object_size = 16;

	@Parameter(label = "Device", choices = { "auto", "CPU", "GPU" })
	private String device = "auto";

	@Parameter(label = "Add objects to the ROI Manager", description = "One ROI per object (the overlay when there is no screen)")
	private boolean add_rois = false;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus probabilities;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus labels;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus instances;

	@Override
	public void run() {
		try {
			EngineSetup.ensure(ui);
			try (Scribble2LabelModel model = Scribble2LabelModel.load(model_file.toPath(), Scribble2LabelMenu.device(device));
				PredictionProgress progress = new PredictionProgress(tasks, status, "Scribble2Label: " + image.getTitle(), false))
			{
				final Prediction prediction = model.predict(org.scribble2label.ij.ModelInput.input(image, channel, model),
					() -> isCanceled() || progress.cancelled(), progress);
				final String title = Scribble2LabelMenu.baseTitle(image);
				probabilities = OutputImages.probabilities(prediction, model.classNames(), title, image.getCalibration());
				labels = OutputImages.labels(prediction, title, image.getCalibration());
				final net.imglib2.img.Img<? extends net.imglib2.type.numeric.IntegerType<?>> objects = Scribble2LabelMenu
					.instances(split_touching, min_object_size).apply(prediction.labels());
				instances = OutputImages.instances(objects, title, image.getCalibration());
				if (add_rois) {
					if (objects.numDimensions() != 2)
						throw new IllegalArgumentException("Objects of stacks are not added as ROIs; use the instance image.");
					if (!org.scribble2label.ij.InstanceRois.addToRoiManager(image, org.scribble2label.ij.InstanceRois.toRois(objects))
						.isPresent()) log.info("Scribble2Label: no ROI Manager without a screen; the objects are on the image's overlay.");
				}
			}
		}
		catch (final Exception e) {
			fail(log, ui, e);
		}
	}
}
