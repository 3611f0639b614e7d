#@ File (label = "Folder with images and scribbles", style = "directory") folder
#@ File (label = "Save the model as (.zip)", style = "save") model_file
#@ String (label = "Preset", choices = {"fast (CPU)", "paper (GPU)"}, value = "fast (CPU)") preset
#@ Integer (label = "Training length (crops, 0 = preset)", value = 0, min = 0) training_crops
#@ Integer (label = "Warm-up (crops, 0 = preset)", value = 0, min = 0) warmup_crops
#@ Integer (label = "Crop size (pixels, 0 = preset)", value = 0, min = 0) crop_size
#@ Integer (label = "Batch size (0 = preset)", value = 0, min = 0) batch_size
#@ Integer (label = "U-Net depth (0 = preset)", value = 0, min = 0, max = 6) network_depth
#@ Integer (label = "U-Net width (0 = preset; a multiple of 16)", value = 0, min = 0, stepSize = 16) network_width
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
import org.scijava.ui.DialogPrompt

import org.scribble2label.core.DeviceChoice
import org.scribble2label.core.Length
import org.scribble2label.core.TrainingConfig
import org.scribble2label.core.model.DjlRuntime
import org.scribble2label.core.train.EpochProgress
import org.scribble2label.core.train.Scribble2LabelTrainer
import org.scribble2label.core.train.StepProgress
import org.scribble2label.core.train.TrainingListener
import org.scribble2label.core.train.TrainingStart
import org.scribble2label.core.train.TrainingSummary
import org.scribble2label.io.ScribbledImages

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

// The training settings: the preset, and what was changed.
final TrainingConfig.Builder config = (preset.startsWith("paper") ? TrainingConfig.paper() : TrainingConfig.fastCpu()).toBuilder()
if (training_crops > 0) config.trainingLength(Length.crops(training_crops))
if (warmup_crops > 0) config.warmup(Length.crops(warmup_crops))
if (crop_size > 0) config.cropSize(crop_size)
if (batch_size > 0) config.batchSize(batch_size)
if (network_depth > 0) config.depth(network_depth)
if (network_width > 0) config.baseWidth(network_width)
config.seed(seed).device(DeviceChoice.valueOf(device.toUpperCase(Locale.ROOT)))

// PyTorch is never downloaded without consent, as with the Scribble2Label commands.
if (System.getProperty("ai.djl.offline") == null && System.getenv("DJL_OFFLINE") == null) {
	if (DjlRuntime.nativeLibrariesAvailable())
		System.setProperty("ai.djl.offline", "true")
	else if (!ui.isHeadless() && ui.showDialog("Scribble2Label needs the PyTorch engine, which is not installed yet. Download it " +
		"once now (about 200 MB for the CPU, over 2 GB for an NVIDIA GPU)?", "Scribble2Label: install PyTorch",
		DialogPrompt.MessageType.QUESTION_MESSAGE, DialogPrompt.OptionType.YES_NO_OPTION) == DialogPrompt.Result.YES_OPTION)
		System.setProperty("ai.djl.offline", "false")
	else
		throw new IllegalStateException("PyTorch is not installed, and it is downloaded only with permission: run this script " +
			"in Fiji's window and say yes, or start Fiji with -Dai.djl.offline=false, or point PYTORCH_LIBRARY_PATH at a local " +
			"libtorch 2.7.1 and set PYTORCH_FLAVOR=cpu (or cu128 for an NVIDIA GPU).")
}

log.info("Scribble2Label: training on ${used.size()} image(s) of ${folder}: ${used}")
skipped.each { log.info("Scribble2Label: skipped ${it}") }
final handle = new Scribble2LabelTrainer(config.build()).classNames(classNames).listener(new Progress(log, status)).start(trainingImages)
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
