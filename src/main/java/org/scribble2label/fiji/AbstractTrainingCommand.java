package org.scribble2label.fiji;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.task.TaskService;
import org.scijava.ui.UIService;

import org.scribble2label.core.Scribbles;
import org.scribble2label.core.TrainingConfig;
import org.scribble2label.core.TrainingImage;
import org.scribble2label.core.TrainingOptions;
import org.scribble2label.core.model.Scribble2LabelModel;
import org.scribble2label.core.predict.Prediction;
import org.scribble2label.core.train.Scribble2LabelTrainer;
import org.scribble2label.core.train.TrainingResult;
import org.scribble2label.ij.ModelInput;
import org.scribble2label.ij.OutputImages;
import org.scribble2label.ui.TrainingWindow;

/**
 * What "Train from Scribbles" and "Continue Scribble2Label Training" share: the image and where
 * its scribbles come from, the main settings, the training with progress and window, saving
 * the model, and the outputs (probabilities, class labels, instances).
 */
abstract class AbstractTrainingCommand extends CancelableCommand {

	static final String FAST = "fast (CPU)", PAPER = "paper (GPU)", NONE = "none";

	@Parameter
	protected LogService log;

	@Parameter
	protected UIService ui;

	@Parameter
	private StatusService status;

	@Parameter
	private TaskService tasks;

	@Parameter
	private Scribble2LabelService session;

	// The order is the dialog's: what to train on and from, then the main choices, then settings
	// most users never change ("advanced"). The single image input lets Fiji fill in the current image.
	@Parameter(label = "Image", description = "2D image or stack; slices with scribbles are trained on")
	protected ImagePlus image;

	@Parameter(label = "Channel (0 = all)", min = "0", persist = false, description = "Train and predict on one channel of a multi-channel image")
	protected int channel = 0;

	@Parameter(label = "Scribbles from", choices = { "ROI Manager", "Overlay", "Labkit labeling file", "Label image" },
		description = "ROIs: class from the ROI group (1 = background) or name (background / cell); Labkit: the file " +
			"next to the image unless given below; label image: 0 unlabelled, 1 background, 2.. classes. ROIs made by " +
			"Apply and Where to Scribble Next are not scribbles and are skipped")
	protected String scribbles = "ROI Manager";

	@Parameter(label = "Labkit labeling file", required = false, persist = false,
		description = "For 'Labkit labeling file' only. Empty: the image's path + .labeling, where Labkit saves it")
	protected String labeling_file = "";

	@Parameter(label = "Scribble label image", required = false, persist = false,
		description = "For 'Label image' only: the title of an open image, or a file; 'none' otherwise")
	protected String scribble_labels = NONE;

	@Parameter(label = "Preset", choices = { FAST, PAPER }, description = "fast: about two minutes on a laptop CPU; " +
		"paper: the paper's long schedule, for a GPU")
	protected String preset = FAST;

	@Parameter(label = "Device", choices = { "auto", "CPU", "GPU" })
	protected String device = "auto";

	@Parameter(label = "Split touching objects")
	protected boolean split_touching = true;

	@Parameter(label = "Minimum object size (pixels)", min = "0")
	protected int min_object_size = 16;

	@Parameter(label = "Show training window")
	protected boolean show_window = true;

	// Never remembered: replacing files must be asked for every time.
	@Parameter(label = "Overwrite an existing model file", persist = false)
	protected boolean overwrite = false;

	// -- advanced: the names are TrainingOptions' parameter names, read from here by TrainingParameters.

	@Parameter(label = "Advanced: training length (crops, 0 = preset)", min = "0")
	protected int training_crops = 0;

	@Parameter(label = "Advanced: warm-up (crops, 0 = preset)", min = "0",
		description = "Scribbles only, no pseudo-labels; keep it shorter than the training")
	protected int warmup_crops = 0;

	@Parameter(label = "Advanced: consistency threshold tau", min = "0.5", max = "0.999", stepSize = "0.01",
		description = "0.8; for noisy images such as histology the paper uses 0.95")
	protected double tau = 0.8;

	@Parameter(label = "Advanced: ensemble weight alpha", min = "0.01", max = "1", stepSize = "0.05",
		description = "0.2; for noisy images such as histology the paper uses 0.1")
	protected double alpha = 0.2;

	@Parameter(label = "Advanced: pseudo-label loss weight lambda", min = "0", stepSize = "0.1")
	protected double lambda = 0.5;

	@Parameter(label = "Advanced: edge-aware CRF weight (0 = off)", min = "0", max = "100", stepSize = "0.5",
		description = "rLoss's regulariser: the mask's borders follow the image's edges; 0 = Scribble2Label alone")
	protected double crf_weight = 0;

	@Parameter(label = "Advanced: learning rate (0 = preset)", min = "0", stepSize = "0.0005")
	protected double learning_rate = 0;

	@Parameter(label = "Advanced: weigh scribbled classes equally",
		description = "Each class counts the same in the scribble loss, however many pixels it has")
	protected boolean balance_classes = false;

	@Parameter(label = "Advanced: ensemble period (crops, 0 = preset)", min = "0")
	protected int ensemble_period = 0;

	@Parameter(label = "Advanced: U-Net depth (0 = preset)", min = "0", max = "6")
	protected int network_depth = 0;

	@Parameter(label = "Advanced: U-Net width (0 = preset)", min = "0")
	protected int network_width = 0;

	@Parameter(label = "Advanced: crop size (pixels, 0 = preset)", min = "0")
	protected int crop_size = 0;

	@Parameter(label = "Advanced: batch size (0 = preset)", min = "0")
	protected int batch_size = 0;

	@Parameter(label = "Advanced: random seed")
	protected int seed = 42;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus probabilities;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus labels;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus instances;

	private volatile CommandTraining training;

	/** Where the trained model goes. */
	protected abstract Path modelOutput();

	/** The trainer, e.g. continuing from a model. */
	protected abstract Scribble2LabelTrainer trainer(TrainingConfig config, List<String> classNames) throws IOException;

	/** Releases what {@link #trainer} opened. */
	protected void release() {}

	@Override
	protected void cancelled() {
		final CommandTraining t = training;
		if (t != null) t.cancel();
	}

	@Override
	public void run() {
		try {
			checkModelOutput(modelOutput(), overwrite);
			if (CommandTraining.busy())
				throw new IllegalStateException("Another Scribble2Label training is running. Only one can run at a time: " +
					"wait for it to finish, or stop or cancel it, then start again.");
			EngineSetup.ensure(ui);
			final net.imglib2.RandomAccessibleInterval<? extends net.imglib2.type.numeric.RealType<?>> input =
				ModelInput.input(image, channel);
			final Scribbles read = ScribbleSource.of(scribbles).read(image, labeling_file, labelImage(scribble_labels));
			read.warnings().forEach(w -> log.warn("Scribble2Label: " + w));
			// A colour image knows it is one: a start model of one input channel trains on its luminance.
			final List<TrainingImage> set = read.trainingImages(image.getTitle(), input, ModelInput.channels(image, channel),
				ModelInput.colour(image, channel));
			training = new CommandTraining(log, status, tasks, ui, session);
			final TrainingResult result;
			final Scribble2LabelModel start = startingModel(input, read.classNames());
			try {
				final Scribble2LabelTrainer trainer = trainer(config(start != null), read.classNames());
				if (start != null) trainer.startFrom(start);
				result = training.run(trainer, set, show_window, this::isCanceled);
			}
			finally {
				if (start != null) start.close();
				release();
			}
			// Where to Scribble Next reads the final ensemble, found by the image's ID and slice.
			result.ensemble().ifPresent(e -> session.remember(image.getID(), image.getTitle(), read.scribbledSlices(), e));
			try (Scribble2LabelModel model = result.model()) {
				final Path file = save(model, modelOutput());
				final byte[] saved = Files.readAllBytes(file);
				final TrainingWindow window = training.window();
				if (window != null) window.enableSaving(target -> org.scribble2label.core.AtomicFiles.write(target, true,
					"the model", temporary -> Files.write(temporary, saved)));
				final Prediction prediction = model.predict(ModelInput.input(image, channel, model), this::isCanceled);
				final String title = Scribble2LabelMenu.baseTitle(image);
				probabilities = OutputImages.probabilities(prediction, model.classNames(), title, image.getCalibration());
				labels = OutputImages.labels(prediction, title, image.getCalibration());
				instances = OutputImages.instances(Scribble2LabelMenu.instances(split_touching, min_object_size)
					.apply(prediction.labels()), title, image.getCalibration());
			}
		}
		catch (final Exception e) {
			fail(log, ui, e);
		}
	}

	/** The settings through the mapping the command line and the script templates share. */
	TrainingConfig config() {
		return config(false);
	}

	/** @param fromTrainedModel whether the training starts from a trained model (fine-tuning preset) */
	TrainingConfig config(final boolean fromTrainedModel) {
		return TrainingOptions.fromParameters(TrainingParameters.of(this)).toConfig(fromTrainedModel);
	}

	/**
	 * The trained model a new training starts from, or null for random weights (or when the
	 * trainer brings its own, as Continue does).
	 */
	protected Scribble2LabelModel startingModel(final net.imglib2.RandomAccessibleInterval<? extends net.imglib2.type.numeric.RealType<?>> input,
		final List<String> classNames) throws IOException
	{
		return null;
	}

	/**
	 * The scribble label image: an open image by title, else an image file; none for "none" or
	 * empty. A title and not an image input, so that the dialog has a real "none" and Fiji fills
	 * in the current image for the one image input.
	 */
	static ImagePlus labelImage(final String titleOrFile) {
		final String t = titleOrFile == null ? "" : titleOrFile.trim();
		if (t.isEmpty() || t.equalsIgnoreCase(NONE)) return null;
		final ImagePlus open = ij.WindowManager.getImage(t);
		if (open != null) return open;
		if (Files.isRegularFile(java.nio.file.Paths.get(t))) {
			try {
				return org.scribble2label.io.ImageFiles.read(java.nio.file.Paths.get(t));
			}
			catch (final IOException e) {
				throw new IllegalArgumentException("Cannot read the scribble label image " + t + ": " + e.getMessage(), e);
			}
		}
		throw new IllegalArgumentException("No open image is titled '" + t + "', and there is no such file: give the title " +
			"of the scribble label image, its file, or none.");
	}

	/** Fails before training, not after it, when the model could not be saved. */
	static void checkModelOutput(final Path file, final boolean overwrite) {
		final Path folder = file.toAbsolutePath().getParent();
		if (folder == null || !Files.isDirectory(folder))
			throw new IllegalArgumentException("Cannot save the model to " + file + ": the folder does not exist. " +
				"Create it or choose another model file.");
		if (!Files.isWritable(folder))
			throw new IllegalArgumentException("Cannot save the model to " + file + ": the folder is not writable. " +
				"Choose another model file.");
		if (Files.exists(file) && !overwrite)
			throw new IllegalArgumentException("The model file " + file + " already exists: choose another name, or tick " +
				"'Overwrite an existing model file'.");
	}

	/**
	 * Saves the trained model; if that fails now (disk full, folder gone), saves it to the
	 * temporary folder instead and says where: a finished training is never lost.
	 */
	private Path save(final Scribble2LabelModel model, final Path file) throws IOException {
		try {
			model.save(file, overwrite);
			log.info("Scribble2Label: saved the model to " + file);
			return file;
		}
		catch (final IOException e) {
			final Path rescue = Files.createTempFile("scribble2label-model-", ".zip");
			Files.delete(rescue);
			model.save(rescue, false);
			log.error("Scribble2Label: could not save the model to " + file + " (" + e.getMessage() + "); it was saved to " +
				rescue + " instead.");
			return rescue;
		}
	}
}
