package org.scribble2label.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;

import ai.djl.nn.Block;

import ij.ImagePlus;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

import org.scribble2label.core.DeviceChoice;
import org.scribble2label.core.Length;
import org.scribble2label.core.Scribbles;
import org.scribble2label.core.TrainingConfig;
import org.scribble2label.core.TrainingImage;
import org.scribble2label.core.TrainingOptions;
import org.scribble2label.core.metrics.SegmentationMetrics;
import org.scribble2label.core.model.NetworkSpec;
import org.scribble2label.core.model.Scribble2LabelModel;
import org.scribble2label.core.model.UNetSpec;
import org.scribble2label.core.starter.StartFrom;
import org.scribble2label.core.train.Scribble2LabelTrainer;
import org.scribble2label.core.train.StepProgress;
import org.scribble2label.core.train.TrainingListener;
import org.scribble2label.ij.ImagePlusAdapter;

/**
 * Memory and time benchmarks that print numbers: tiled prediction of large images (time and
 * peak resident memory; run one size per JVM, since the peak is per process), resident memory
 * over a long training, and the time from scribbles to a usable mask on the demo image.
 */
public final class MemoryBenchmark {

	private final PrintStream out;

	public MemoryBenchmark(final PrintStream out) {
		this.out = out;
	}

	/** Resident memory now and at its peak (VmRSS, VmHWM) in MB, from /proc on Linux. */
	static long[] residentMegabytes() throws IOException {
		long rss = -1, peak = -1;
		for (final String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
			if (line.startsWith("VmRSS:")) rss = Long.parseLong(line.replaceAll("\\D", "")) / 1024;
			if (line.startsWith("VmHWM:")) peak = Long.parseLong(line.replaceAll("\\D", "")) / 1024;
		}
		return new long[] { rss, peak };
	}

	/** Predicts a size x size image with the default CPU network; prints time and peak memory. */
	public void predict(final int size) throws IOException {
		final long[] before = residentMegabytes();
		final net.imglib2.img.array.ArrayImg<FloatType, ?> image = ArrayImgs.floats(size, size);
		final java.util.Random random = new java.util.Random(1);
		for (final FloatType t : image)
			t.set(random.nextFloat());
		final TrainingConfig config = TrainingConfig.fastCpu();
		final NetworkSpec spec = UNetSpec.of(config, 1, 2);
		final Block network = spec.build();
		org.scribble2label.core.model.DjlRuntime.prepareThread();
		final ai.djl.ndarray.NDManager manager = org.scribble2label.core.model.DjlRuntime.engine().newBaseManager();
		network.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(1, 1, 16, 16));
		try (Scribble2LabelModel model = new Scribble2LabelModel(spec, network, manager, List.of("background", "foreground"),
			new org.scribble2label.core.image.PercentileNormalization(1, 99.8), config, null))
		{
			model.predict(ArrayImgs.floats(256, 256)); // engine warm-up
			final long t0 = System.nanoTime();
			model.predict(image);
			final double seconds = (System.nanoTime() - t0) / 1e9;
			final long[] after = residentMegabytes();
			final double imageMb = 4.0 * size * size / (1 << 20);
			out.printf(Locale.ROOT, "| %d x %d | %.1f s | %.2f Mpx/s | %d MB | %.0f MB | %d MB |%n", size, size, seconds,
				size * (double) size / seconds / 1e6, after[1], imageMb * 3, after[1] - before[0]);
		}
	}

	/** Resident memory after 100, 500, 1000, ... steps of the default training on the demo image. */
	public void training(final int steps) throws IOException, InterruptedException {
		final ImagePlus image = SpeedBenchmark.demoImage("nuclei.png");
		final Scribbles scribbles = Scribbles.fromLabelImage(ImagePlusAdapter.wrap(SpeedBenchmark.demoImage("nuclei_scribbles.png")),
			null);
		final TrainingConfig config = TrainingConfig.fastCpu().toBuilder().trainingLength(Length.crops(8L * steps))
			.warmup(Length.crops(8L * steps / 5)).build();
		out.println("| step | resident MB |");
		out.println("|---|---|");
		new Scribble2LabelTrainer(config).listener(new TrainingListener() {
			@Override
			public void stepFinished(final StepProgress s) {
				if (s.step == 100 || s.step == 500 || s.step % 1000 == 0 || s.step == steps) {
					try {
						out.printf(Locale.ROOT, "| %d | %d |%n", s.step, residentMegabytes()[0]);
					}
					catch (final IOException e) {
						throw new IllegalStateException(e);
					}
				}
			}
		}).start(scribbles.trainingImages("nuclei", ImagePlusAdapter.wrap(image), 1)).await().model().close();
	}

	/**
	 * Seconds from pressing Train to a mask of the demo image with foreground IoU of at least
	 * {@code target}, with the defaults of Train from Scribbles: the automatic start (a built-in
	 * starter model, fine-tuned) unless {@code start} says otherwise. The starter alone is the
	 * first row; then separate trainings of increasing length, each with its own schedule as a
	 * user would set it (100, 200, 300 crops fine-tuning a starter; 400 to 4000 from random
	 * weights, 40% warm-up). Loading the starter and predicting are inside the time.
	 */
	public void timeToMask(final double target, final StartFrom start, final long every, final long maxCrops)
		throws IOException, InterruptedException
	{
		final ImagePlus image = SpeedBenchmark.demoImage("nuclei.png");
		final ImagePlus truth = SpeedBenchmark.demoImage("nuclei_mask.png");
		final Scribbles scribbles = Scribbles.fromLabelImage(ImagePlusAdapter.wrap(SpeedBenchmark.demoImage("nuclei_scribbles.png")),
			null);
		final List<TrainingImage> set = scribbles.trainingImages("nuclei", ImagePlusAdapter.wrap(image), 1);
		out.println("Start: " + start + "; the options of Train from Scribbles otherwise.");
		out.println("| training length (crops) | seconds (start, training and prediction) | IoU |");
		out.println("|---|---|---|");
		for (long crops = 0; crops <= maxCrops; crops += every) {
			final long t0 = System.nanoTime();
			try (Scribble2LabelModel starter = start.open(ImagePlusAdapter.wrap(image), false, scribbles.classNames(),
				DeviceChoice.AUTO, line -> {}))
			{
				final double iou;
				if (crops == 0) {
					if (starter == null) continue; // from random weights there is nothing to score before training
					iou = iou(starter, image, truth);
				}
				else {
					// The fine-tuning preset has no warm-up; from random weights, 40% of the run.
					final TrainingConfig.Builder config = new TrainingOptions().toConfig(starter != null).toBuilder()
						.trainingLength(Length.crops(crops));
					if (starter == null) config.warmup(Length.crops(crops * 2 / 5));
					final Scribble2LabelTrainer trainer = new Scribble2LabelTrainer(config.build());
					if (starter != null) trainer.startFrom(starter);
					try (Scribble2LabelModel model = trainer.start(set).await().model()) {
						iou = iou(model, image, truth);
					}
				}
				final double t = (System.nanoTime() - t0) / 1e9;
				out.printf(Locale.ROOT, "| %s | %.1f | %.3f |%n", crops == 0 ? "0 (starter alone)" : Long.toString(crops), t, iou);
				if (iou >= target) {
					out.printf(Locale.ROOT, "IoU %.2f reached after %d crops, %.1f s from pressing Train.%n", target, crops, t);
					return;
				}
			}
		}
		out.printf(Locale.ROOT, "IoU %.2f not reached within %d crops.%n", target, maxCrops);
	}

	private static double iou(final Scribble2LabelModel model, final ImagePlus image, final ImagePlus truth) {
		return SegmentationMetrics.foregroundIoU(model.predict(ImagePlusAdapter.wrap(image)).labels(), ImagePlusAdapter.wrap(truth));
	}
}
