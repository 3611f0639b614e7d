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
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ij.ImagePlus;
import ij.measure.Calibration;

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
import org.scribble2label.core.metrics.ImageScores;
import org.scribble2label.core.metrics.SegmentationMetrics;
import org.scribble2label.core.model.Scribble2LabelModel;
import org.scribble2label.core.predict.Prediction;
import org.scribble2label.core.train.Scribble2LabelTrainer;
import org.scribble2label.core.train.TrainingResult;
import org.scribble2label.ij.ImagePlusAdapter;
import org.scribble2label.ij.OutputImages;
import org.scribble2label.io.ImageFiles;

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
		"            [--depth D] [--width W] [--crop-size S] [--batch-size B]",
		"            Lengths are crops (2000) or epochs (5 epochs); an epoch is one pass over the training pixels.",
		"            Scribbles: an integer image of the image's size, 0 = unlabelled, 1 = background,",
		"            2, 3, ... = object classes. --folder takes every NAME.png/.tif with a NAME_scribbles.png/.tif.",
		"  predict   --model M.zip --input IMAGE|FOLDER --output FOLDER [--device ...] [--overwrite]",
		"            Writes NAME_labels.tif (class per pixel), NAME_mask.tif (255 = object), NAME_instances.tif (one",
		"            label per object, touching nuclei split) and NAME_probabilities.tif (one channel per class).",
		"  evaluate  --model M.zip --folder DIR",
		"            Scores the model on every NAME.png/.tif with a NAME_mask ground truth (instance labels): foreground",
		"            IoU, mDice as in the paper's code and a clean mDice, AP and F1 of instances at IoU 0.5; per image and mean.",
		"  bench     [--steps N]",
		"            Training throughput (crops/s, GFLOP/s) and prediction time on this machine.",
		"  bench-accuracy --data DIR [--methods s2l,pce,pl,full] [--ratios 0.1,0.3,0.5,1] [--crops N]",
		"            [--seed N] [--train-limit N] [--val-limit N] [--models DIR] [--gpu]",
		"            The paper's Table 2 protocol on DIR/train and DIR/val (NAME.png + NAME_mask.png): scribbles",
		"            simulated at each ratio, one model per method and ratio, scores on val. Hours on a CPU.",
		"            --gpu: the paper's network size and crops (width 32, 256 x 256, batch 30), 60000 crops by default.",
		"  bench-predict --size N    Tiled prediction of an N x N image: time and peak resident memory (one size per run).",
		"  bench-memory [--steps 2000]   Resident memory along a training of the default network on the demo image.",
		"  bench-time-to-mask [--target 0.8] [--max-crops 4000] [--every 400] [--start MODEL.zip]",
		"            Time from the demo's scribbles to a mask of the given IoU.",
		"  bench-per-image --data DIR [--ratio 0.1] [--crops 1000] [--every K] [--start MODEL.zip] [--seed N]",
		"            [--learning-rate LR] [--balance-classes]",
		"            Every K-th val image: its own simulated scribbles, a short training on it alone (from scratch",
		"            or fine-tuning MODEL), scores of that image.",
		"",
		"Common options: --threads N (CPU threads of the engine).");

	private final PrintStream out;

	Scribble2LabelCli(final PrintStream out) {
		this.out = out;
	}

	public static void main(final String[] args) {
		// Nothing is downloaded unless asked: the CPU engine is on the class path.
		if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
		if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null)
			System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
		try {
			System.exit(new Scribble2LabelCli(System.out).run(args));
		}
		catch (final IllegalArgumentException | IOException | IllegalStateException e) {
			System.err.println("Error: " + e.getMessage());
			System.exit(1);
		}
	}

	int run(final String[] args) throws IOException {
		if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
			out.println(USAGE);
			return args.length == 0 ? 2 : 0;
		}
		final Options options = new Options(Arrays.copyOfRange(args, 1, args.length));
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
				new SpeedBenchmark(out).run(Integer.parseInt(options.value("steps").orElse("30")));
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
					else memory.timeToMask(Double.parseDouble(options.value("target").orElse("0.8")),
						Long.parseLong(options.value("max-crops").orElse("4000")), Long.parseLong(options.value("every").orElse("400")),
						options.value("start").map(Paths::get).orElse(null));
				}
				catch (final InterruptedException e) {
					Thread.currentThread().interrupt();
					return 1;
				}
				return 0;
			case "bench-per-image":
				try {
					new org.scribble2label.bench.PerImageBenchmark(out).run(Paths.get(options.required("data")),
						Double.parseDouble(options.value("ratio").orElse("0.1")),
						learningOptions(org.scribble2label.bench.PerImageBenchmark.cpuSetting(Long.parseLong(options.value("crops")
							.orElse("1000")), Long.parseLong(options.value("seed").orElse("42"))).toBuilder(), options).build(),
						Integer.parseInt(options.value("every").orElse("1")), options.value("start").map(Paths::get).orElse(null));
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
		TrainingConfig config = configFrom(options);
		out.println("Demo: a fluorescence image of " + image.getWidth() + " x " + image.getHeight() +
			" pixels (DSB2018 / BBBC038, CC0) with " + countScribbles(scribbles) + " scribbled pixels.");
		final long t0 = System.nanoTime();
		final TrainingResult result = trainOn(config, List.of(new TrainingImage("nuclei", ImagePlusAdapter.wrap(image),
			integer(ImagePlusAdapter.wrap(scribbles)))));
		try (Scribble2LabelModel model = result.model()) {
			final Prediction prediction = model.predict(ImagePlusAdapter.wrap(image));
			final double seconds = (System.nanoTime() - t0) / 1e9;
			writeOutputs(prediction, model.classNames(), image, outDir, "nuclei", true);
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
		if (Files.exists(modelFile) && !overwrite)
			throw new IllegalArgumentException(modelFile + " already exists: choose another --model or add --overwrite.");
		final Path parent = modelFile.toAbsolutePath().getParent();
		if (!Files.isDirectory(parent) || !Files.isWritable(parent))
			throw new IllegalArgumentException("Cannot write the model into " + parent + ": the folder is missing or read-only.");
		final List<TrainingImage> set = new ArrayList<>();
		final List<String> images = options.values("image"), scribbles = options.values("scribbles");
		if (images.size() != scribbles.size())
			throw new IllegalArgumentException("Give one --scribbles per --image (" + images.size() + " images, " +
				scribbles.size() + " scribble images).");
		for (int i = 0; i < images.size(); i++)
			set.add(trainingImage(Paths.get(images.get(i)), Paths.get(scribbles.get(i))));
		if (options.value("folder").isPresent()) {
			final Path folder = Paths.get(options.required("folder"));
			for (final Path image : imagesIn(folder, "_scribbles")) {
				final Path s = companion(image, "_scribbles");
				if (s != null) set.add(trainingImage(image, s));
			}
		}
		if (set.isEmpty()) throw new IllegalArgumentException("No training images: give --image and --scribbles, or --folder.");
		final TrainingResult result = trainOn(configFrom(options), set);
		try (Scribble2LabelModel model = result.model()) {
			model.save(modelFile, overwrite);
		}
		out.println("Saved the model to " + modelFile);
		return 0;
	}

	private TrainingImage trainingImage(final Path image, final Path scribbles) throws IOException {
		return new TrainingImage(image.getFileName().toString(), ImagePlusAdapter.wrap(ImageFiles.read(image)),
			integer(ImagePlusAdapter.wrap(ImageFiles.read(scribbles))));
	}

	private int predict(final Options options) throws IOException {
		final Path input = Paths.get(options.required("input"));
		final Path output = Paths.get(options.required("output"));
		final boolean overwrite = options.flag("overwrite");
		if (Files.isDirectory(input) && Files.isDirectory(output) && Files.isSameFile(input, output) ||
			!Files.isDirectory(input) && input.toAbsolutePath().getParent().equals(output.toAbsolutePath()))
			throw new IllegalArgumentException("Write the results to another folder than the images (" + output + "): results " +
				"next to the inputs could replace ground truth or be taken for images later.");
		Files.createDirectories(output);
		final List<Path> files = Files.isDirectory(input) ? imagesIn(input, "_mask") : List.of(input);
		int failed = 0;
		try (Scribble2LabelModel model = Scribble2LabelModel.load(Paths.get(options.required("model")), device(options))) {
			for (final Path file : files) {
				final ImagePlus image;
				try {
					image = ImageFiles.read(file);
				}
				catch (final IOException e) {
					out.println("Skipped " + file + ": " + e.getMessage());
					failed++;
					continue;
				}
				try {
					writeOutputs(model.predict(org.scribble2label.ij.ModelInput.input(image, 0, model)), model.classNames(), image,
						output, baseName(file), overwrite);
				}
				catch (final IllegalArgumentException | IllegalStateException | IOException e) {
					out.println("Skipped " + file + ": " + e.getMessage());
					failed++;
					continue;
				}
				out.println("Predicted " + file);
			}
		}
		return failed == 0 ? 0 : 1;
	}

	private int evaluate(final Options options) throws IOException {
		final Path folder = Paths.get(options.required("folder"));
		final List<ImageScores> scores = new ArrayList<>();
		final InstanceSegmentation instances = InstanceSegmentation.defaults();
		try (Scribble2LabelModel model = Scribble2LabelModel.load(Paths.get(options.required("model")), device(options))) {
			out.println("image\t" + ImageScores.header());
			for (final Path file : imagesIn(folder, "_mask")) {
				final Path mask = companion(file, "_mask");
				if (mask == null) continue;
				final ImagePlus image = ImageFiles.read(file);
				final Prediction p = model.predict(org.scribble2label.ij.ModelInput.input(image, 0, model));
				final ImageScores s = ImageScores.of(p.labels(), ImagePlusAdapter.wrap(ImageFiles.read(mask)), instances);
				scores.add(s);
				out.println(file.getFileName() + "\t" + s.toRow());
			}
		}
		if (scores.isEmpty()) throw new IllegalArgumentException("No image with a NAME_mask ground truth in " + folder + ".");
		out.println("mean of " + scores.size() + " images\t" + ImageScores.meanRow(scores));
		return 0;
	}

	private int benchAccuracy(final Options options) throws IOException {
		final java.util.List<String> methods = Arrays.asList(options.value("methods").orElse("s2l,pce,pl,full").split(","));
		final java.util.List<Double> ratios = new ArrayList<>();
		for (final String r : options.value("ratios").orElse("0.1,0.3,0.5,1").split(","))
			ratios.add(Double.parseDouble(r));
		final long crops = Long.parseLong(options.value("crops").orElse(options.flag("gpu") ? "60000" : "6000"));
		final TrainingConfig config = (options.flag("gpu") ? org.scribble2label.bench.AccuracyBenchmark.gpuSetting(crops)
			: org.scribble2label.bench.AccuracyBenchmark.cpuSetting(crops)).toBuilder().seed(Long.parseLong(options.value("seed")
				.orElse("42"))).build();
		final Path models = options.value("models").map(Paths::get).orElse(null);
		if (models != null) Files.createDirectories(models);
		try {
			new org.scribble2label.bench.AccuracyBenchmark(out, new ConsoleProgress(out, 120)).run(Paths.get(options.required("data")), methods, ratios, config,
				Long.parseLong(options.value("seed").orElse("42")), Integer.parseInt(options.value("train-limit").orElse("0")),
				Integer.parseInt(options.value("val-limit").orElse("0")), models);
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			return 1;
		}
		return 0;
	}

	private TrainingResult trainOn(final TrainingConfig config, final List<TrainingImage> set) {
		try {
			return new Scribble2LabelTrainer(config).listener(new ConsoleProgress(out, 5)).start(set).await();
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted");
		}
	}

	private void writeOutputs(final Prediction prediction, final List<String> classNames, final ImagePlus source,
		final Path folder, final String name, final boolean overwrite) throws IOException
	{
		final Calibration calibration = source.getCalibration();
		ImageFiles.writeTiff(OutputImages.labels(prediction, name, calibration), folder.resolve(name + "_labels.tif"), overwrite);
		ImageFiles.writeTiff(OutputImages.probabilities(prediction, classNames, name, calibration),
			folder.resolve(name + "_probabilities.tif"), overwrite);
		ImageFiles.writeTiff(OutputImages.mask(prediction, name, calibration), folder.resolve(name + "_mask.tif"), overwrite);
		ImageFiles.writeTiff(OutputImages.instances(InstanceSegmentation.defaults().apply(prediction.labels()), name, calibration),
			folder.resolve(name + "_instances.tif"), overwrite);
	}

	/** The training options, through the mapping the Fiji commands and templates share. */
	private static TrainingConfig configFrom(final Options options) {
		return TrainingOptions.fromCommandLine(options::value).toConfig();
	}

	/** --learning-rate (decaying to a hundredth of it) and --balance-classes. */
	private static TrainingConfig.Builder learningOptions(final TrainingConfig.Builder b, final Options options) {
		return TrainingOptions.fromCommandLine(options::value, TrainingOptions.Option.LEARNING_RATE,
			TrainingOptions.Option.BALANCE_CLASSES).applyTo(b);
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

	private static List<Path> imagesIn(final Path folder, final String companionSuffix) throws IOException {
		if (!Files.isDirectory(folder)) throw new IllegalArgumentException("No folder " + folder + ".");
		try (Stream<Path> files = Files.list(folder)) {
			return files.filter(f -> isImage(f) && !isCompanion(baseName(f)) && !baseName(f).endsWith(companionSuffix)).sorted()
				.collect(Collectors.toList());
		}
	}

	/** Scribbles, ground truth and our own outputs are not images to process. */
	private static boolean isCompanion(final String name) {
		for (final String suffix : new String[] { "_scribbles", "_mask", "_labels", "_instances", "_probabilities" })
			if (name.endsWith(suffix)) return true;
		return false;
	}

	private static Path companion(final Path image, final String suffix) {
		for (final String ext : new String[] { ".png", ".tif", ".tiff" }) {
			final Path c = image.resolveSibling(baseName(image) + suffix + ext);
			if (Files.isRegularFile(c)) return c;
		}
		return null;
	}

	private static boolean isImage(final Path file) {
		final String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
		return n.endsWith(".png") || n.endsWith(".tif") || n.endsWith(".tiff") || n.endsWith(".jpg");
	}

	private static String baseName(final Path file) {
		final String n = file.getFileName().toString();
		final int dot = n.lastIndexOf('.');
		return dot > 0 ? n.substring(0, dot) : n;
	}

	/** "--key value" options; a key may repeat; "--flag" alone is a boolean. */
	static final class Options {
		private final Map<String, List<String>> values = new HashMap<>();

		Options(final String[] args) {
			for (int i = 0; i < args.length; i++) {
				if (!args[i].startsWith("--")) throw new IllegalArgumentException("Unexpected argument '" + args[i] + "'.");
				final String key = args[i].substring(2);
				final boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
				values.computeIfAbsent(key, k -> new ArrayList<>()).add(hasValue ? args[++i] : "true");
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
