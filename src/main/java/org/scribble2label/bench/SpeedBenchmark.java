package org.scribble2label.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import ij.IJ;
import ij.ImagePlus;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import org.scribble2label.core.Length;
import org.scribble2label.core.TrainingConfig;
import org.scribble2label.core.TrainingImage;
import org.scribble2label.core.model.CpuDescription;
import org.scribble2label.core.model.DjlRuntime;
import org.scribble2label.core.model.Scribble2LabelModel;
import org.scribble2label.core.train.Scribble2LabelTrainer;
import org.scribble2label.core.train.StepProgress;
import org.scribble2label.core.train.TrainingListener;
import org.scribble2label.core.train.TrainingResult;
import org.scribble2label.core.train.TrainingStart;
import org.scribble2label.ij.ImagePlusAdapter;

/**
 * Training throughput and prediction time of the default CPU network (U-Net depth 4, width
 * 16, BatchNorm, 128 x 128 crops, batch 8) on the bundled demo image, with 1 thread and with
 * all cores. Prints numbers; it is not a test.
 */
public final class SpeedBenchmark {

	private static final int WARM_STEPS = 3;

	private final PrintStream out;

	public SpeedBenchmark(final PrintStream out) {
		this.out = out;
	}

	/** Where {@link #run} looks for a Python with torch when none is named: the path's, then Debian's. */
	public static final List<String> PYTHON_CANDIDATES = List.of("python3", "/usr/bin/python3");

	/**
	 * @param pythons Python interpreters to try for the PyTorch reference, first with torch wins;
	 *          without one the table has no reference columns and says so
	 */
	public void run(final int steps, final List<String> pythons) throws IOException {
		final ImagePlus image = demoImage("nuclei.png");
		final ImagePlus scribbles = demoImage("nuclei_scribbles.png");
		final int cores = Runtime.getRuntime().availableProcessors();
		final int[] threadCounts = cores > 1 ? new int[] { 1, cores } : new int[] { 1 };
		out.printf(Locale.ROOT, "Machine: %d cores, %s %s, Java %s%n", cores, System.getProperty("os.name"),
			System.getProperty("os.arch"), System.getProperty("java.version"));
		final ai.djl.Device device = DjlRuntime.device(org.scribble2label.core.DeviceChoice.AUTO);
		out.println("Training and prediction on " + (device.isGpu() ? DjlRuntime.describe(device) : "the CPU (PyTorch " +
			DjlRuntime.engine().getVersion() + ")") + "; the large convolution on the engine's default device.");
		final String isa = CpuDescription.convolutionInstructionSet();
		out.println("CPU: " + CpuDescription.model() + "; convolutions on " + isa +
			(isa.equals("AVX-512") ? " (compare with ONEDNN_MAX_CPU_ISA=AVX2)" : ""));
		// The reference is measured here or not shown: a constant from another machine would read as a measurement.
		final java.util.Optional<PythonReference> python = PythonReference.find(pythons);
		out.println(python.map(p -> "Reference: the same network in " + p.describe() + ", run after ours at each thread count.")
			.orElse("Reference: none (no Python with torch among " + pythons + "; name one with --python)."));
		out.println("| threads | training crops/s | conv GFLOP/s | one large conv fwd+bwd GFLOP/s | predict 256x256 (ms) |" +
			(python.isPresent() ? " PyTorch crops/s | PyTorch predict (ms) | ours / PyTorch crops/s |" : ""));
		out.println("|---|---|---|---|---|" + (python.isPresent() ? "---|---|---|" : ""));
		final String[] stepTimes = new String[threadCounts.length];
		for (int t = 0; t < threadCounts.length; t++) {
			DjlRuntime.setCpuThreads(threadCounts[t]);
			final double[] training = trainingThroughput(image, scribbles, steps);
			final double predictMs;
			try (Scribble2LabelModel model = lastModel) {
				predictMs = predictionMillis(model, image);
			}
			final double ceiling = largeConvolutionGflops();
			out.printf(Locale.ROOT, "| %d | %.1f | %.1f | %.1f | %.0f |", threadCounts[t], training[0], training[1], ceiling,
				predictMs);
			if (python.isPresent()) {
				final PythonReference.Figures reference = python.get().measure(threadCounts[t], steps);
				out.printf(Locale.ROOT, " %.1f | %.0f | %.2f |", reference.cropsPerSecond, reference.predictMillis,
					training[0] / reference.cropsPerSecond);
			}
			out.println();
			stepTimes[t] = lastStepTimes.toString();
		}
		// Where the time goes, warm-up steps included.
		for (int t = 0; t < threadCounts.length; t++)
			out.println(threadCounts[t] + " thread(s), " + stepTimes[t]);
	}

	private Scribble2LabelModel lastModel;
	private org.scribble2label.core.train.StepTimes lastStepTimes;

	/**
	 * The practical ceiling of the machine: GFLOP/s of one large 3x3 convolution (64 to 64
	 * channels, 8 x 64 x 64 x 64 input) forward and backward, median of 8 after 2 warm-ups.
	 */
	static double largeConvolutionGflops() {
		DjlRuntime.prepareThread();
		final double flops = 3 * 2.0 * 64 * 64 * 9 * 8 * 64 * 64;
		final double[] gflops = new double[10];
		try (ai.djl.ndarray.NDManager manager = DjlRuntime.engine().newBaseManager()) {
			final ai.djl.ndarray.NDArray weight = manager.randomNormal(new ai.djl.ndarray.types.Shape(64, 64, 3, 3));
			weight.setRequiresGradient(true);
			for (int i = 0; i < gflops.length; i++) {
				try (ai.djl.ndarray.NDManager step = manager.newSubManager()) {
					final ai.djl.ndarray.NDArray x = step.randomNormal(new ai.djl.ndarray.types.Shape(8, 64, 64, 64));
					final long t0 = System.nanoTime();
					try (ai.djl.training.GradientCollector c = DjlRuntime.engine().newGradientCollector()) {
						final ai.djl.ndarray.NDArray y = ai.djl.nn.convolutional.Conv2d.conv2d(x, weight, null,
							new ai.djl.ndarray.types.Shape(1, 1), new ai.djl.ndarray.types.Shape(1, 1),
							new ai.djl.ndarray.types.Shape(1, 1), 1).singletonOrThrow();
						c.backward(y.sum());
					}
					gflops[i] = flops / ((System.nanoTime() - t0) / 1e9) / 1e9;
					ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) weight);
				}
			}
		}
		final double[] counted = Arrays.copyOfRange(gflops, 2, gflops.length);
		Arrays.sort(counted);
		return counted[counted.length / 2];
	}

	/** Returns {crops per second, GFLOP per second} over the steps after a short warm-up. */
	private double[] trainingThroughput(final ImagePlus image, final ImagePlus scribbles, final int steps) {
		final int batch = 8, total = WARM_STEPS + steps;
		final TrainingConfig config = TrainingConfig.fastCpu().toBuilder().depth(4).baseWidth(16).cropSize(128).batchSize(batch)
			.trainingLength(Length.crops((long) total * batch)).warmup(Length.crops((long) total * batch))
			.ensemblePeriod(Length.crops(1_000_000)).build();
		final long[] marks = new long[2];
		final double[] flops = new double[1];
		final TrainingListener timer = new TrainingListener() {
			@Override
			public void started(final TrainingStart s) {
				flops[0] = s.flopsPerStep;
			}

			@Override
			public void stepFinished(final StepProgress s) {
				if (s.step == WARM_STEPS) marks[0] = System.nanoTime();
				if (s.step == total) marks[1] = System.nanoTime();
			}
		};
		try {
			final TrainingResult result = new Scribble2LabelTrainer(config).listener(timer)
				.start(List.of(new TrainingImage("nuclei", ImagePlusAdapter.wrap(image), integer(ImagePlusAdapter.wrap(scribbles)))))
				.await();
			lastModel = result.model();
			lastStepTimes = result.summary().stepTimes;
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
		final double seconds = (marks[1] - marks[0]) / 1e9;
		return new double[] { steps * batch / seconds, steps * flops[0] / seconds / 1e9 };
	}

	private static double predictionMillis(final Scribble2LabelModel model, final ImagePlus image) {
		final Img<? extends RealType<?>> full = ImagePlusAdapter.wrap(image);
		final RandomAccessibleInterval<? extends RealType<?>> crop = Views.zeroMin(Views.interval(full,
			Intervals.createMinSize(0, 0, 256, 256)));
		final double[] ms = new double[12];
		for (int i = 0; i < ms.length; i++) {
			final long t0 = System.nanoTime();
			model.predict(crop);
			ms[i] = (System.nanoTime() - t0) / 1e6;
		}
		final double[] counted = Arrays.copyOfRange(ms, 2, ms.length);
		Arrays.sort(counted);
		return counted[counted.length / 2];
	}

	static ImagePlus demoImage(final String name) throws IOException {
		final Path file = Files.createTempFile("scribble2label-", "-" + name);
		try (InputStream in = SpeedBenchmark.class.getResourceAsStream("/org/scribble2label/demo/" + name)) {
			Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
			return IJ.openImage(file.toString());
		}
		finally {
			Files.deleteIfExists(file);
		}
	}

	@SuppressWarnings("unchecked")
	private static RandomAccessibleInterval<? extends IntegerType<?>> integer(final Img<? extends RealType<?>> img) {
		return (RandomAccessibleInterval<? extends IntegerType<?>>) (RandomAccessibleInterval<?>) img;
	}
}
