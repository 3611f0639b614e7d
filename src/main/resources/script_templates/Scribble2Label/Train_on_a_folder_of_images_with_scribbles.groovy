#@ File (label = "Folder with images and scribbles", style = "directory") folder
#@ File (label = "Save the model as (.zip)", style = "save") model_file
#@ String (label = "Preset", choices = {"fast (CPU)", "paper (GPU)"}, value = "fast (CPU)") preset
#@ Integer (label = "Training length (crops, 0 = preset)", value = 0, min = 0) training_crops
#@ Integer (label = "Warm-up (crops, 0 = preset)", value = 0, min = 0) warmup_crops
#@ Integer (label = "Crop size (pixels, 0 = preset)", value = 0, min = 0) crop_size
#@ Integer (label = "Batch size (0 = preset)", value = 0, min = 0) batch_size
#@ Integer (label = "U-Net depth (0 = preset)", value = 0, min = 0, max = 6) network_depth
#@ Integer (label = "U-Net width (0 = preset; a multiple of 16)", value = 0, min = 0, stepSize = 16) network_width
#@ Integer (label = "Ensemble period (crops, 0 = preset)", value = 0, min = 0) ensemble_period
#@ Double (label = "Consistency threshold tau (noisy data: 0.95)", value = 0.8, min = 0.5, max = 0.999, stepSize = 0.01) tau
#@ Double (label = "Ensemble weight alpha (noisy data: 0.1)", value = 0.2, min = 0.01, max = 1, stepSize = 0.05) alpha
#@ Double (label = "Pseudo-label loss weight lambda", value = 0.5, min = 0, stepSize = 0.1) lambda
#@ Double (label = "Learning rate (0 = preset)", value = 0, min = 0, stepSize = 0.0005) learning_rate
#@ Boolean (label = "Weigh scribbled classes equally", value = false) balance_classes
#@ String (label = "Device", choices = {"auto", "CPU", "GPU"}, value = "auto") device
#@ Integer (label = "Random seed", value = 42) seed
#@ Boolean (label = "Overwrite an existing model file", value = false) overwrite
#@ LogService log
#@ StatusService status
#@ UIService ui
#@output String report

/*
 * Scribble2Label: train one model on every image of a folder that has scribbles.
 *
 * For each image NAME.tif (or .tiff, .png) the scribbles are, in this order:
 *   NAME_scribbles.tif (.tiff, .png) - a label image of the same size:
 *                                      0 = not scribbled, 1 = background, 2, 3, ... = object classes
 *   NAME.tif.labeling                - a Labkit labeling (Labkit saves it next to the image);
 *                                      the label named "background" is the background
 * Images without scribbles are skipped and listed in the report. With Labkit files, the class names
 * are Labkit's label names; every Labkit file of the folder must have the same labels, in the same order.
 * The slices of a stack are separate training images, scribbled in a stack of the same size.
 *
 * The model is saved as one .zip file; apply it with "Apply a model to a folder" (also in this
 * Templates menu) or Plugins > Segmentation > Scribble2Label > Apply Scribble2Label Model.
 * Zero in a "0 = preset" field keeps the preset's value: the fast preset is a U-Net of depth 4 and
 * width 16 trained on 2000 crops of 128 x 128 pixels in batches of 8.
 */

import java.util.Locale


import org.scijava.app.StatusService
import org.scijava.log.LogService

import org.scribble2label.core.TrainingConfig
import org.scribble2label.core.TrainingOptions
import org.scribble2label.core.train.EpochProgress
import org.scribble2label.core.train.Scribble2LabelTrainer
import org.scribble2label.core.train.StepProgress
import org.scribble2label.core.train.TrainingListener
import org.scribble2label.core.train.TrainingStart
import org.scribble2label.core.train.TrainingSummary
import org.scribble2label.io.ScribbledImages
import org.scribble2label.fiji.EngineSetup

/** Training progress to Fiji's status bar (every step) and log (every epoch). */
class Progress implements TrainingListener {
	final LogService log
	final StatusService status

	Progress(final LogService log, final StatusService status) {
		this.log = log
		this.status = status
	}

	void started(final TrainingStart start) {
		log.info("Scribble2Label: training on ${start.device}, ${start.images} image(s), classes ${start.classNames}")
		log.info("Scribble2Label: ${start.schedule}")
	}

	void stepFinished(final StepProgress step) {
		status.showStatus((int) Math.min(step.cropsSeen, Integer.MAX_VALUE), (int) Math.min(step.totalCrops, Integer.MAX_VALUE),
			String.format(Locale.ROOT, "Scribble2Label: epoch %.1f, loss %.4f", step.epoch, step.totalLoss))
	}

	void epochFinished(final EpochProgress epoch) {
		log.info(String.format(Locale.ROOT, "Scribble2Label: epoch %d, loss %.4f, pseudo-labels on %.1f%% of the pixels",
			epoch.epoch, epoch.meanTotalLoss, 100 * epoch.pseudoLabelCoverage))
	}

	void finished(final TrainingSummary summary) {
		status.clearStatus()
	}
}

// Check the inputs before the long work.
if (!folder.isDirectory())
	throw new IllegalArgumentException("The folder ${folder} does not exist: choose the folder with the images and their scribbles.")
File model = model_file.name.toLowerCase(Locale.ROOT).endsWith(".zip") ? model_file : new File(model_file.path + ".zip")
model = model.absoluteFile
if (!model.parentFile.isDirectory() || !model.parentFile.canWrite())
	throw new IllegalArgumentException("Cannot save the model to ${model}: the folder is missing or not writable. Choose another model file.")
if (model.exists() && !overwrite)
	throw new IllegalArgumentException("The model file ${model} already exists: choose another name, or tick 'Overwrite an existing model file'.")

// Pair every image with its scribbles, as the command line's train --folder does.
final ScribbledImages scribbled = new ScribbledImages().addFolder(folder.toPath())
scribbled.warnings().each { log.warn("Scribble2Label: ${it}") }
final List trainingImages = scribbled.images()
final List<String> used = scribbled.used(), skipped = scribbled.skipped()
if (trainingImages.isEmpty())
	throw new IllegalArgumentException("No image in ${folder} has scribbles. Save the scribbles of NAME.tif as a label image " +
		"NAME_scribbles.tif (0 = not scribbled, 1 = background, 2 = objects) or as a Labkit labeling NAME.tif.labeling.")
final List<String> classNames = scribbled.classNames()

// The training settings: the preset and what was changed, read from this script's parameters
// (same names as the Train command's) by the mapping the commands and the command line share.
final TrainingConfig config = TrainingOptions.fromParameters(binding.variables).toConfig()

// PyTorch is never downloaded without consent: the commands' question, in the same place.
EngineSetup.ensure(ui)

log.info("Scribble2Label: training on ${used.size()} image(s) of ${folder}: ${used}")
skipped.each { log.info("Scribble2Label: skipped ${it}") }
final handle = new Scribble2LabelTrainer(config).classNames(classNames).listener(new Progress(log, status)).start(trainingImages)
def result
try {
	result = handle.await()
}
catch (final InterruptedException e) {
	handle.cancel() // the script was stopped: end the training too
	throw e
}
try {
	result.model().save(model.toPath(), overwrite)
}
finally {
	result.model().close()
}

report = "Trained on ${used.size()} image(s): ${used.join(', ')}\n" +
	(skipped.isEmpty() ? "" : "Skipped ${skipped.size()} image(s) without scribbles:\n  ${skipped.join('\n  ')}\n") +
	"Classes: ${classNames}\n${result.summary()}\nModel saved to ${model}"
log.info("Scribble2Label: " + report)
