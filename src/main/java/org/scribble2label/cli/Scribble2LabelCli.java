package org.scribble2label.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ij.ImagePlus;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

import org.scribble2label.bench.SpeedBenchmark;
import org.scribble2label.core.DeviceChoice;
import org.scribble2label.core.TrainingConfig;
import org.scribble2label.core.TrainingImage;
import org.scribble2label.core.TrainingOptions;
import org.scribble2label.core.instance.InstanceSegmentation;
import org.scribble2label.core.metrics.BorderErrors;
import org.scribble2label.core.metrics.ImageScores;
import org.scribble2label.core.metrics.SegmentationMetrics;
import org.scribble2label.core.model.Scribble2LabelModel;
import org.scribble2label.core.predict.Prediction;
import org.scribble2label.core.train.Scribble2LabelTrainer;
import org.scribble2label.core.train.TrainingResult;
import org.scribble2label.ij.ImagePlusAdapter;
import org.scribble2label.ij.ModelInput;
import org.scribble2label.io.ImageFiles;
import org.scribble2label.io.ImageFolder;
import org.scribble2label.io.PredictionFiles;
import org.scribble2label.io.ScribbledImages;

/**
 * Command line of Scribble2Label, without Fiji: {@code demo}, {@code train}, {@code predict},
 * {@code evaluate} and {@code bench}. Run without arguments for help.
 */
public final class Scribble2LabelCli {

	private static final String USAGE = String.join("\n",
		"Scribble2Label: segmentation from scribbles (Lee and Jeong, MICCAI 2020).",
		"",
		"Usage: scribble2label <command> [options]",
		"",
		"  demo      [--out DIR] [training options as for train]",
		"            Trains on a bundled nucleus image (DSB2018, CC0) from a few bundled scribbles and writes",
		"            the probability map, the mask and the model to DIR (default scribble2label-demo).",
		"  train     --image IMG --scribbles LABELS [--image IMG2 --scribbles LABELS2 ...] | --folder DIR",
		"            --model OUT.zip [--preset fast|paper] [--crops N] [--warmup N] [--ensemble-period N]",
		"            [--seed N] [--device auto|cpu|gpu] [--noisy] [--overwrite] [--learning-rate LR] [--balance-classes]",
		"            [--depth D] [--width W (a multiple of 16)] [--crop-size S] [--batch-size B] [--keep-on-interrupt]",
		"            [--tau T] [--alpha A] [--lambda L] [--crf-weight W] [--start auto|none|fluorescence|histology|bright-field|MODEL.zip]",
		"            --start: where training starts. auto (default) picks the built-in starter model for the image's",
		"            kind (colour: histology; grey, dark background: fluorescence; bright: bright-field) and adapts",
		"            it with the fine-tuning preset (300 crops); none trains from random weights (preset fast).",
		"            Lengths are crops (2000) or epochs (5 epochs); an epoch is one pass over the training pixels.",
		"            Ctrl-C stops the training and saves nothing; with --keep-on-interrupt it saves the model so far.",
		"            Scribbles: an integer image of the image's size, 0 = unlabelled, 1 = background,",
		"            2, 3, ... = object classes, or a Labkit NAME.tif.labeling; a stack's slices are separate images.",
		"            --folder takes every NAME.tif/.png with a NAME_scribbles.tif/.png or a NAME.tif.labeling.",
		"  predict   --model M.zip --input IMAGE|FOLDER --output FOLDER [--device ...] [--overwrite] [--shard I/N] [--channel C]",
		"            Writes NAME_labels.tif (class per pixel), NAME_mask.tif (255 = object), NAME_instances.tif (one",
		"            label per object, touching nuclei split) and NAME_probabilities.tif (one channel per class), all",
		"            four or none. Images whose four results exist are skipped, so a rerun does only what is missing.",
		"            --shard I/N: only the I-th of N parts of the folder (by name) or of a stack's slices (each slice",
		"            then gets NAME_z0001_... results), for a cluster's job array (docs/cluster.md).",
		"            --channel C applies a one-channel model to channel C (1, 2, ...) of multi-channel images.",
		"  predict --check --input IMAGE|FOLDER --output FOLDER [--shard I/N] [--counts]",
		"            Lists the images whose results are missing; --counts prints the objects of every image.",
		"  evaluate  --model M.zip --folder DIR [--channel C] [--border-errors]",
		"            Scores the model on every NAME.png/.tif with a NAME_mask ground truth (instance labels): foreground",
		"            IoU, mDice as in the paper's code and a clean mDice, AP and F1 of instances at IoU 0.5; per image and mean.",
		"            --border-errors: also where the wrong pixels lie (within 2 px of a true border or away from it)",
		"            and the mean IoU with either kind set right: whether objects are found but outlined wrongly.",
		"  bench     [--steps N] [--python PATH]   With a Python that has torch, the same network in PyTorch in the same run.",
		"            Training throughput (crops/s, GFLOP/s) and prediction time on this machine.",
		"  bench-accuracy --data DIR [--methods s2l,pce,pl,rloss,s2l+crf,full] [--ratios 0.1,0.3,0.5,1] [--crops N]",
		"            [--seed N] [--train-limit N] [--val-limit N] [--models DIR] [--gpu] [--noisy] [--crf-weight W]",
		"            [--pseudo-label-quality]",
		"            The paper's Table 2 protocol on DIR/train and DIR/val (NAME.png + NAME_mask.png): scribbles",
		"            simulated at each ratio, one model per method and ratio, scores on val. Hours on a CPU.",
		"            --gpu: the paper's network size and crops (width 32, 256 x 256, batch 30), 60000 crops by default.",
		"            --pseudo-label-quality: at each ensemble pass, the pseudo-labels' precision against the train masks;",
		"            after each training, how many wrong val pixels lie on a true border.",
		"  bench-predict --size N    Tiled prediction of an N x N image: time and peak resident memory (one size per run).",
		"  bench-memory [--steps 2000]   Resident memory along a training of the default network on the demo image.",
		"  bench-time-to-mask [--target 0.8] [--start auto|none|MODALITY|MODEL.zip] [--every N] [--max-crops N]",
		"            Time from the demo's scribbles to a mask of the given IoU.",
		"  bench-per-image --data DIR [--ratio 0.1] [--every K] [training options, as for train]",
		"            Every K-th val image: its own simulated scribbles, a training on it alone with Train from",
		"            Scribbles' defaults (the built-in starter for the image's kind) unless options say otherwise,",
		"            scores of that image, time from start to mask and to the first preview.",
		"",
		"Common options: --threads N (CPU threads of the engine).");

	private final PrintStream out;
	private final Interruption interruption;
	/** --keep-on-interrupt: a signal stops the training early and the model is saved. */
	private boolean keepOnInterrupt;

	Scribble2LabelCli(final PrintStream out) {
		this(out, new Interruption(null));
	}

	Scribble2LabelCli(final PrintStream out, final Interruption interruption) {
		this.out = out;
		this.interruption = interruption;
	}

	public static void main(final String[] args) {
		// Nothing is downloaded unless asked: the CPU engine is on the class path.
		if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
		if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null)
			System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
		final Interruption interruption = Interruption.install(System.err);
		final int code;
		try {
			code = execute(args, System.out, System.err, interruption);
		}
		finally {
			interruption.finished(); // also after an unexpected error: the JVM must not wait for a finished command
		}
		System.exit(code);
	}

	/**
	 * Runs a command and reports what went wrong as one sentence on {@code err}, never a stack
	 * trace: the exit code is 0 on success, 1 on an error, 2 for the help text.
	 */
	static int execute(final String[] args, final PrintStream out, final PrintStream err, final Interruption interruption) {
		try {
			return new Scribble2LabelCli(out, interruption).run(args);
		}
		catch (final CancellationException e) {
			err.println("Stopped: " + (!interruption.trained() ? "images not yet predicted were left out." :
				interruption.keepsModel() ? "the model trained so far was not saved." :
				"nothing was saved. To keep the model trained so far when stopping, add --keep-on-interrupt."));
			return 130;
		}
		catch (final IllegalArgumentException | IOException | IllegalStateException |
			org.scribble2label.core.model.DjlRuntime.EngineUnavailableException e)
		{
			err.println("Error: " + message(e));
			return 1;
		}
	}

	/** Java's file errors carry just a path as their message: say what it means. */
	static String message(final Exception e) {
		if (e instanceof java.nio.file.FileAlreadyExistsException)
			return ((java.nio.file.FileSystemException) e).getFile() + " already exists and is a file, not a folder: choose " +
				"a folder (or a new name) for the results.";
		if (e instanceof java.nio.file.NoSuchFileException)
			return "No such file or folder: " + ((java.nio.file.FileSystemException) e).getFile() + ". Check the path.";
		if (e instanceof java.nio.file.AccessDeniedException)
			return "Permission denied: " + ((java.nio.file.FileSystemException) e).getFile() + ". Choose a path you may write to.";
		if (e instanceof java.nio.file.NotDirectoryException)
			return ((java.nio.file.FileSystemException) e).getFile() + " is not a folder.";
		if (e instanceof java.nio.file.FileSystemException && ((java.nio.file.FileSystemException) e).getReason() != null)
			return "Cannot use " + ((java.nio.file.FileSystemException) e).getFile() + ": " +
				((java.nio.file.FileSystemException) e).getReason() + ".";
		return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
	}

	int run(final String[] args) throws IOException {
		if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
			out.println(USAGE);
			return args.length == 0 ? 2 : 0;
		}
		if (Schema.of(args[0]) == null)
			throw new IllegalArgumentException("Unknown command '" + args[0] + "'. Run without arguments for help.");
		final Options options = new Options(args[0], Arrays.copyOfRange(args, 1, args.length));
		keepOnInterrupt = options.flag("keep-on-interrupt");
		options.value("threads").ifPresent(t -> System.setProperty("ai.djl.pytorch.num_threads", t));
		switch (args[0]) {
			case "demo":
				return demo(options);
			case "train":
				return train(options);
			case "predict":
				return predict(options);
			case "evaluate":
				return evaluate(options);
			case "bench":
				new SpeedBenchmark(out).run(Integer.parseInt(options.value("steps").orElse("30")), options.value("python")
					.map(List::of).orElse(SpeedBenchmark.PYTHON_CANDIDATES));
				return 0;
			case "bench-accuracy":
				return benchAccuracy(options);
			case "bench-predict":
				new org.scribble2label.bench.MemoryBenchmark(out).predict(Integer.parseInt(options.required("size")));
				return 0;
			case "bench-memory":
			case "bench-time-to-mask":
				try {
					final org.scribble2label.bench.MemoryBenchmark memory = new org.scribble2label.bench.MemoryBenchmark(out);
					if (args[0].equals("bench-memory")) memory.training(Integer.parseInt(options.value("steps").orElse("2000")));
					else {
						final org.scribble2label.core.starter.StartFrom start = org.scribble2label.core.starter.StartFrom.parse(
							options.value("start").orElse("auto"));
						// Fine-tuning a starter: 100, 200, 300 crops (the default); from random weights: 400 to 4000.
						final boolean none = start.kind() == org.scribble2label.core.starter.StartFrom.Kind.NONE;
						memory.timeToMask(Double.parseDouble(options.value("target").orElse("0.8")), start,
							Long.parseLong(options.value("every").orElse(none ? "400" : "100")),
							Long.parseLong(options.value("max-crops").orElse(none ? "4000" : "300")));
					}
				}
				catch (final InterruptedException e) {
					Thread.currentThread().interrupt();
					return 1;
				}
				return 0;
			case "bench-per-image":
				try {
					new org.scribble2label.bench.PerImageBenchmark(out).run(Paths.get(options.required("data")),
						Double.parseDouble(options.value("ratio").orElse("0.1")), TrainingOptions.fromCommandLine(options::value),
						Integer.parseInt(options.value("every").orElse("1")));
				}
				catch (final InterruptedException e) {
					Thread.currentThread().interrupt();
					return 1;
				}
				return 0;
			default:
				throw new IllegalArgumentException("Unknown command '" + args[0] + "'. Run without arguments for help.");
		}
	}

	private int demo(final Options options) throws IOException {
		final Path outDir = Paths.get(options.value("out").orElse("scribble2label-demo"));
		Files.createDirectories(outDir);
		final ImagePlus image = ImageFiles.read(resource("nuclei.png", outDir));
		final ImagePlus scribbles = ImageFiles.read(resource("nuclei_scribbles.png", outDir));
		final ImagePlus truth = ImageFiles.read(resource("nuclei_mask.png", outDir));
		out.println("Demo: a fluorescence image of " + image.getWidth() + " x " + image.getHeight() +
			" pixels (DSB2018 / BBBC038, CC0) with " + countScribbles(scribbles) + " scribbled pixels.");
		final long t0 = System.nanoTime();
		final TrainingResult result = trainFromStart(options, List.of(new TrainingImage("nuclei", ModelInput.input(image, 0),
			integer(ImagePlusAdapter.wrap(scribbles)))), null, false);
		try (Scribble2LabelModel model = result.model()) {
			final Prediction prediction = model.predict(ModelInput.input(image, 0, model), interruption::requested);
			final double seconds = (System.nanoTime() - t0) / 1e9;
			new PredictionFiles(outDir).write("nuclei", prediction, model.classNames(), image.getCalibration(),
				InstanceSegmentation.defaults(), true, java.util.Set.of());
			model.save(outDir.resolve("model.zip"), true);
			final double iou = SegmentationMetrics.foregroundIoU(prediction.labels(), ImagePlusAdapter.wrap(truth));
			out.printf(Locale.ROOT, "Demo finished in %.0f s. Foreground IoU against the ground truth: %.3f%n", seconds, iou);
			out.println("Wrote nuclei_probabilities.tif, nuclei_labels.tif, nuclei_mask.tif, nuclei_instances.tif and model.zip to " +
				outDir);
		}
		return 0;
	}

	private Path resource(final String name, final Path folder) throws IOException {
		final Path file = folder.resolve("input_" + name);
		try (InputStream in = Scribble2LabelCli.class.getResourceAsStream("/org/scribble2label/demo/" + name)) {
			if (in == null) throw new IOException("The demo resource " + name + " is missing from the build.");
			Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
		}
		return file;
	}

	private int train(final Options options) throws IOException {
		final Path modelFile = Paths.get(options.required("model"));
		final boolean overwrite = options.flag("overwrite");
		if (Files.isDirectory(modelFile))
			throw new IllegalArgumentException(modelFile + " is a folder: give --model a file name, e.g. " +
				modelFile.resolve("model.zip") + ".");
		if (Files.exists(modelFile) && !overwrite)
			throw new IllegalArgumentException(modelFile + " already exists: choose another --model or add --overwrite.");
		final Path parent = modelFile.toAbsolutePath().getParent();
		if (!Files.isDirectory(parent) || !Files.isWritable(parent))
			throw new IllegalArgumentException("Cannot write the model into " + parent + ": the folder is missing or read-only.");
		final List<String> images = options.values("image"), scribbles = options.values("scribbles");
		if (images.size() != scribbles.size())
			throw new IllegalArgumentException("Give one --scribbles per --image (" + images.size() + " images, " +
				scribbles.size() + " scribble images).");
		// Label images, Labkit labelings and stacks, read as the Fiji commands read them.
		final ScribbledImages scribbled = new ScribbledImages();
		for (int i = 0; i < images.size(); i++)
			scribbled.add(Paths.get(images.get(i)), Paths.get(scribbles.get(i)));
		if (options.value("folder").isPresent()) {
			scribbled.addFolder(Paths.get(options.required("folder")));
			for (final String s : scribbled.skipped())
				out.println("Skipped " + s);
		}
		for (final String w : scribbled.warnings())
			out.println("Warning: " + w);
		final List<TrainingImage> set = scribbled.images();
		if (set.isEmpty()) throw new IllegalArgumentException("No training images: give --image and --scribbles, or --folder " +
			"with images NAME.tif and their scribbles NAME_scribbles.tif or NAME.tif.labeling.");
		final List<String> classNames = scribbled.classNames();
		final TrainingResult result = trainFromStart(options, set, classNames, scribbled.firstIsColour());
		try (Scribble2LabelModel model = result.model()) {
			model.save(modelFile, overwrite);
		}
		out.println("Saved the model to " + modelFile);
		return 0;
	}

	private int predict(final Options options) throws IOException {
		final boolean check = options.flag("check");
		return new PredictCommand(out).run(check ? null : Paths.get(options.required("model")), Paths.get(options.required("input")),
			Paths.get(options.required("output")), options.flag("overwrite"), device(options),
			options.value("shard").map(org.scribble2label.io.Shard::parse).orElse(null), check, options.flag("counts"),
			channel(options), interruption::requested);
	}

	private int evaluate(final Options options) throws IOException {
		final Path folder = Paths.get(options.required("folder"));
		final List<ImageScores> scores = new ArrayList<>();
		final InstanceSegmentation instances = InstanceSegmentation.defaults();
		final BorderErrors borderErrors = options.flag("border-errors") ? new BorderErrors() : null;
		int skipped = 0;
		try (Scribble2LabelModel model = Scribble2LabelModel.load(Paths.get(options.required("model")), device(options))) {
			out.println("image\t" + ImageScores.header());
			for (final Path file : ImageFolder.images(folder, null)) {
				final Path mask = ImageFolder.companion(file, ImageFolder.MASK);
				if (mask == null) continue;
				// One bad pair is skipped with its name, as predict does; the others are still scored.
				try {
					final ImagePlus image = ImageFiles.read(file);
					final ImagePlus truth = ImageFiles.read(mask);
					if (truth.getWidth() != image.getWidth() || truth.getHeight() != image.getHeight())
						throw new IllegalArgumentException("its ground truth " + mask.getFileName() + " is " + truth.getWidth() + " x " +
							truth.getHeight() + " pixels, the image " + image.getWidth() + " x " + image.getHeight() + ".");
					final Prediction p = model.predict(ModelInput.input(image, channel(options), model),
						interruption::requested);
					final Img<? extends RealType<?>> truthLabels = ImagePlusAdapter.wrap(truth);
					final ImageScores s = ImageScores.of(p.labels(), truthLabels, instances);
					scores.add(s);
					if (borderErrors != null) borderErrors.add(truthLabels, p.labels());
					out.println(file.getFileName() + "\t" + s.toRow());
				}
				catch (final CancellationException e) {
					throw e; // a stop asked for by a signal ends the whole run, not this image
				}
				catch (final IllegalArgumentException | IllegalStateException | IOException e) {
					out.println("Skipped " + file.getFileName() + ": " + message(e));
					skipped++;
				}
			}
		}
		if (scores.isEmpty()) throw new IllegalArgumentException("No image with a NAME_mask ground truth in " + folder +
			(skipped > 0 ? " could be scored." : "."));
		out.println("mean of " + scores.size() + " images\t" + ImageScores.meanRow(scores));
		if (borderErrors != null) out.println("wrong pixels: " + borderErrors.describe());
		return skipped == 0 ? 0 : 1;
	}

	private int benchAccuracy(final Options options) throws IOException {
		final java.util.List<String> methods = Arrays.asList(options.value("methods").orElse("s2l,pce,pl,full").split(","));
		for (final String m : methods)
			if (!org.scribble2label.bench.AccuracyBenchmark.METHODS.contains(m))
				throw new IllegalArgumentException("Unknown method '" + m + "' for --methods: use one or more of " +
					String.join(",", org.scribble2label.bench.AccuracyBenchmark.METHODS) + ".");
		final java.util.List<Double> ratios = new ArrayList<>();
		for (final String r : options.value("ratios").orElse("0.1,0.3,0.5,1").split(","))
			ratios.add(Double.parseDouble(r));
		final long crops = Long.parseLong(options.value("crops").orElse(options.flag("gpu") ? "60000" : "6000"));
		final TrainingConfig.Builder builder = (options.flag("gpu") ? org.scribble2label.bench.AccuracyBenchmark.gpuSetting(crops)
			: org.scribble2label.bench.AccuracyBenchmark.cpuSetting(crops)).toBuilder().seed(Long.parseLong(options.value("seed")
				.orElse("42")));
		if (options.flag("noisy")) builder.noisyData();
		options.value("crf-weight").ifPresent(w -> builder.crfWeight(Double.parseDouble(w)));
		final TrainingConfig config = builder.build();
		final Path models = options.value("models").map(Paths::get).orElse(null);
		if (models != null) Files.createDirectories(models);
		try {
			new org.scribble2label.bench.AccuracyBenchmark(out, new ConsoleProgress(out, 120))
				.pseudoLabelQuality(options.flag("pseudo-label-quality")).run(Paths.get(options.required("data")), methods, ratios, config,
				Long.parseLong(options.value("seed").orElse("42")), Integer.parseInt(options.value("train-limit").orElse("0")),
				Integer.parseInt(options.value("val-limit").orElse("0")), models);
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			return 1;
		}
		return 0;
	}

	/**
	 * Trains from where --start says (the built-in starter for the image's kind by default, as in
	 * Fiji), with the fine-tuning preset when that is a trained model.
	 */
	private TrainingResult trainFromStart(final Options options, final List<TrainingImage> set, final List<String> classNames,
		final boolean colour) throws IOException
	{
		final TrainingOptions chosen = TrainingOptions.fromCommandLine(options::value);
		try (Scribble2LabelModel start = chosen.startFrom().open(set.get(0).image(), colour, classNames,
			chosen.toConfig().device(), out::println))
		{
			return trainOn(chosen.toConfig(start != null), set, classNames, start);
		}
	}

	private TrainingResult trainOn(final TrainingConfig config, final List<TrainingImage> set, final List<String> classNames,
		final Scribble2LabelModel start)
	{
		try {
			final Scribble2LabelTrainer trainer = new Scribble2LabelTrainer(config).listener(new ConsoleProgress(out, 5));
			if (classNames != null) trainer.classNames(classNames);
			if (start != null) trainer.startFrom(start);
			final org.scribble2label.core.train.TrainingHandle handle = trainer.start(set);
			interruption.whileRunning(keepOnInterrupt ? handle::stopEarly : handle::cancel, keepOnInterrupt);
			return handle.await();
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted");
		}
	}

	/** --channel: the image channel a one-channel model is applied to (1..C); 0, the default, feeds all channels. */
	private static int channel(final Options options) {
		return Integer.parseInt(options.value("channel").orElse("0"));
	}

	private static DeviceChoice device(final Options options) {
		return DeviceChoice.valueOf(options.value("device").orElse("auto").toUpperCase(Locale.ROOT));
	}

	@SuppressWarnings("unchecked")
	private static RandomAccessibleInterval<? extends IntegerType<?>> integer(final Img<? extends RealType<?>> img) {
		if (!(img.firstElement() instanceof IntegerType))
			throw new IllegalArgumentException("Scribbles must be an 8-bit or 16-bit integer image, not 32-bit or RGB.");
		return (RandomAccessibleInterval<? extends IntegerType<?>>) (RandomAccessibleInterval<?>) img;
	}

	private static long countScribbles(final ImagePlus scribbles) {
		long n = 0;
		for (final net.imglib2.type.numeric.RealType<?> t : Views.flatIterable(ImagePlusAdapter.wrap(scribbles)))
			if (t.getRealDouble() != 0) n++;
		return n;
	}

	/** What an option's value must be; checked when the arguments are read, so that a typo never runs. */
	enum Kind {
		/** No value ("--overwrite"); an explicit "true" or "false" may follow. */
		FLAG,
		TEXT,
		/** A whole number >= 1. */
		POSITIVE,
		/** A whole number >= 0. */
		COUNT,
		/** Any whole number (a seed). */
		WHOLE,
		/** A finite decimal number. */
		NUMBER,
		/** A training length: crops (2000) or epochs (5 epochs). */
		LENGTH,
		/** One of the listed words. */
		CHOICE
	}

	/** The options of each command and what their values must be. */
	static final class Schema {
		private final Map<String, Kind> kinds = new java.util.LinkedHashMap<>();
		private final Map<String, List<String>> choices = new HashMap<>();

		Schema add(final Kind kind, final String... names) {
			for (final String n : names)
				kinds.put(n, kind);
			return this;
		}

		Schema choice(final String name, final String... words) {
			kinds.put(name, Kind.CHOICE);
			choices.put(name, List.of(words));
			return this;
		}

		Schema training() {
			return add(Kind.LENGTH, "crops", "warmup", "ensemble-period").add(Kind.WHOLE, "seed")
				.add(Kind.POSITIVE, "depth", "width", "crop-size", "batch-size").add(Kind.NUMBER, "learning-rate", "tau", "alpha", "lambda", "crf-weight")
				.add(Kind.FLAG, "noisy", "balance-classes", "keep-on-interrupt").choice("preset", "fast", "paper").device()
				.add(Kind.TEXT, "start");
		}

		Schema device() {
			return choice("device", "auto", "cpu", "gpu");
		}

		static Schema of(final String command) {
			final Schema s = new Schema().add(Kind.POSITIVE, "threads");
			switch (command) {
				case "demo":
					return s.training().add(Kind.TEXT, "out");
				case "train":
					return s.training().add(Kind.TEXT, "image", "scribbles", "folder", "model").add(Kind.FLAG, "overwrite");
				case "predict":
					return s.device().add(Kind.TEXT, "model", "input", "output", "shard").add(Kind.FLAG, "overwrite", "check", "counts")
						.add(Kind.COUNT, "channel");
				case "evaluate":
					return s.device().add(Kind.TEXT, "model", "folder").add(Kind.COUNT, "channel").add(Kind.FLAG, "border-errors");
				case "bench":
					return s.add(Kind.POSITIVE, "steps").add(Kind.TEXT, "python");
				case "bench-memory":
					return s.add(Kind.POSITIVE, "steps");
				case "bench-predict":
					return s.add(Kind.POSITIVE, "size");
				case "bench-accuracy":
					return s.add(Kind.TEXT, "data", "methods", "ratios", "models").add(Kind.POSITIVE, "crops")
						.add(Kind.WHOLE, "seed").add(Kind.COUNT, "train-limit", "val-limit").add(Kind.FLAG, "gpu", "noisy", "pseudo-label-quality")
						.add(Kind.NUMBER, "crf-weight");
				case "bench-time-to-mask":
					return s.add(Kind.NUMBER, "target").add(Kind.POSITIVE, "max-crops", "every").add(Kind.TEXT, "start");
				case "bench-per-image":
					return s.training().add(Kind.TEXT, "data").add(Kind.NUMBER, "ratio").add(Kind.POSITIVE, "every");
				default:
					return null;
			}
		}

		/** Known options near a misspelt one, closest first: for "--crop", "--crops" and "--crop-size". */
		List<String> near(final String unknown) {
			return kinds.keySet().stream().filter(k -> k.startsWith(unknown) || unknown.startsWith(k) ||
				distance(k, unknown) <= Math.max(1, Math.min(2, unknown.length() / 3)))
				.sorted(java.util.Comparator.comparingInt(k -> distance(k, unknown))).limit(3).collect(Collectors.toList());
		}

		private static int distance(final String a, final String b) {
			final int[] row = new int[b.length() + 1];
			for (int j = 0; j <= b.length(); j++)
				row[j] = j;
			for (int i = 1; i <= a.length(); i++) {
				int diagonal = row[0];
				row[0] = i;
				for (int j = 1; j <= b.length(); j++) {
					final int above = row[j];
					row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
					diagonal = above;
				}
			}
			return row[b.length()];
		}
	}

	/**
	 * "--key value" options; a key may repeat. Every option must be one of the command's and
	 * have a valid value: a misspelt option or a missing value would otherwise change the run
	 * silently (e.g. "--crop 50" trained the default 2000 crops).
	 */
	static final class Options {
		private final Map<String, List<String>> values = new HashMap<>();

		/** @param command the command whose options these are */
		Options(final String command, final String[] args) {
			final Schema schema = Schema.of(command);
			for (int i = 0; i < args.length; i++) {
				if (!args[i].startsWith("--") || args[i].length() == 2)
					throw new IllegalArgumentException("Unexpected argument '" + args[i] + "'. Options start with --; run " +
						"without arguments for help.");
				final String key = args[i].substring(2);
				final Kind kind = schema.kinds.get(key);
				if (kind == null) {
					final List<String> near = schema.near(key);
					throw new IllegalArgumentException("Unknown option --" + key + " for " + command + "." + (near.isEmpty() ? ""
						: " Did you mean " + near.stream().map(n -> "--" + n).collect(Collectors.joining(" or ")) + "?") +
						" Run without arguments for help.");
				}
				final boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
				final String value;
				if (kind == Kind.FLAG) {
					value = hasValue && (args[i + 1].equals("true") || args[i + 1].equals("false")) ? args[++i] : "true";
				}
				else {
					if (!hasValue) throw new IllegalArgumentException("Option --" + key + " needs a value" + example(kind, key) +
						". Run without arguments for help.");
					value = args[++i];
					check(key, kind, value, schema);
				}
				values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
			}
		}

		private static String example(final Kind kind, final String key) {
			switch (kind) {
				case POSITIVE: return ", a whole number of at least 1 (e.g. --" + key + " 4)";
				case COUNT: return ", a whole number of at least 0";
				case WHOLE: return ", a whole number (e.g. --" + key + " 42)";
				case NUMBER: return ", a number (e.g. --" + key + " 0.001)";
				case LENGTH: return ", a number of crops (e.g. --" + key + " 2000) or epochs (--" + key + " '5 epochs')";
				default: return "";
			}
		}

		private static void check(final String key, final Kind kind, final String value, final Schema schema) {
			final String bad = "Option --" + key + " needs ";
			switch (kind) {
				case POSITIVE:
				case COUNT:
				case WHOLE:
					final long n;
					try {
						n = Long.parseLong(value.trim());
					}
					catch (final NumberFormatException e) {
						throw new IllegalArgumentException(bad + "a whole number, not '" + value + "'.");
					}
					if (kind == Kind.POSITIVE && n < 1 || kind == Kind.COUNT && n < 0)
						throw new IllegalArgumentException(bad + "a whole number of at least " + (kind == Kind.POSITIVE ? 1 : 0) +
							", not " + value + ".");
					if (kind != Kind.WHOLE && n > Integer.MAX_VALUE && !key.endsWith("crops"))
						throw new IllegalArgumentException(bad + "a whole number up to " + Integer.MAX_VALUE + ", not " + value + ".");
					return;
				case NUMBER:
					double d;
					try {
						d = Double.parseDouble(value.trim());
					}
					catch (final NumberFormatException e) {
						d = Double.NaN;
					}
					if (!Double.isFinite(d)) throw new IllegalArgumentException(bad + "a finite number (e.g. 0.001), not '" + value + "'.");
					return;
				case LENGTH:
					try {
						org.scribble2label.core.Length.parse(value);
					}
					catch (final IllegalArgumentException e) {
						throw new IllegalArgumentException("Option --" + key + ": " + e.getMessage() +
							(e.getMessage().endsWith(".") ? "" : "."), e);
					}
					return;
				case CHOICE:
					if (!schema.choices.get(key).contains(value.toLowerCase(Locale.ROOT)))
						throw new IllegalArgumentException(bad + "one of " + String.join(", ", schema.choices.get(key)) + ", not '" +
							value + "'.");
					return;
				default:
			}
		}

		java.util.Optional<String> value(final String key) {
			final List<String> v = values.get(key);
			return v == null ? java.util.Optional.empty() : java.util.Optional.of(v.get(v.size() - 1));
		}

		List<String> values(final String key) {
			return values.getOrDefault(key, List.of());
		}

		String required(final String key) {
			return value(key).orElseThrow(() -> new IllegalArgumentException("Missing --" + key + ". Run without arguments for help."));
		}

		boolean flag(final String key) {
			return value(key).map(Boolean::parseBoolean).orElse(false);
		}
	}
}
