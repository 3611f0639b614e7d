package org.scribble2label.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.scribble2label.core.Length;
import org.scribble2label.core.Scribbles;
import org.scribble2label.core.TrainingConfig;
import org.scribble2label.core.TrainingImage;
import org.scribble2label.core.instance.InstanceSegmentation;
import org.scribble2label.core.metrics.ImageScores;
import org.scribble2label.core.model.Scribble2LabelModel;
import org.scribble2label.core.scribbles.ScribbleSimulator;
import org.scribble2label.core.train.Scribble2LabelTrainer;

/**
 * How a Fiji user works: one image, its own scribbles (simulated from its mask at a ratio), a
 * short training on that image alone, and the segmentation of that image — for every chosen
 * val image, from scratch or fine-tuning a starter model trained on other images.
 */
public final class PerImageBenchmark {

	private final PrintStream out;

	public PerImageBenchmark(final PrintStream out) {
		this.out = out;
	}

	/** The default setting: the fast CPU network, a third of the crops as warm-up. */
	public static TrainingConfig cpuSetting(final long crops, final long seed) {
		return TrainingConfig.fastCpu().toBuilder().trainingLength(Length.crops(crops)).warmup(Length.crops(crops / 3))
			.seed(seed).build();
	}

	/**
	 * @param config the training of each image (a starter model's network replaces the one it names)
	 * @param every use every k-th val image (1 = all)
	 * @param starter a model to start from, or null for a random initialisation
	 */
	public void run(final Path data, final double ratio, final TrainingConfig config, final int every, final Path starter)
		throws IOException, InterruptedException
	{
		final List<Dsb2018.Sample> val = Dsb2018.read(data.resolve("val"), 0);
		final long seed = config.seed();
		final InstanceSegmentation instances = InstanceSegmentation.defaults();
		final List<ImageScores> scores = new ArrayList<>();
		double seconds = 0;
		try (Scribble2LabelModel start = starter == null ? null : Scribble2LabelModel.load(starter,
			org.scribble2label.core.DeviceChoice.AUTO))
		{
			out.printf(Locale.ROOT, "Per-image protocol: %s per image, scribbles %.0f%%, %s, every %d-th of %d val images%n",
				config.trainingLength(), 100 * ratio, starter == null ? "from scratch" : "fine-tuning " + starter.getFileName(), every, val.size());
			out.println("image\t" + ImageScores.header() + "\tseconds");
			for (int i = 0; i < val.size(); i += every) {
				final Dsb2018.Sample s = val.get(i);
				final Scribbles scribbles = ScribbleSimulator.simulate(AccuracyBenchmark.integer(s.truth), ratio, seed + i);
				final long t0 = System.nanoTime();
				final Scribble2LabelTrainer trainer = new Scribble2LabelTrainer(config);
				if (start != null) trainer.continueFrom(start);
				try (Scribble2LabelModel model = trainer.start(List.of(new TrainingImage(s.name, s.image, scribbles.labels())))
					.await().model())
				{
					final ImageScores score = ImageScores.of(model.predict(s.image).labels(), s.truth, instances);
					final double t = (System.nanoTime() - t0) / 1e9;
					seconds += t;
					scores.add(score);
					out.printf(Locale.ROOT, "%s\t%s\t%.0f%n", shortName(s.name), score.toRow(), t);
				}
				catch (final IllegalArgumentException e) {
					// e.g. an image whose simulated scribbles hold one class only
					out.println(shortName(s.name) + "\tskipped: " + e.getMessage());
				}
			}
		}
		out.printf(Locale.ROOT, "mean of %d images\t%s\t%.0f s per image%n", scores.size(), ImageScores.meanRow(scores),
			seconds / Math.max(1, scores.size()));
	}

	/** DSB names are 64 hex digits: the first 12 identify an image. */
	private static String shortName(final String name) {
		return name.length() > 12 ? name.substring(0, 12) : name;
	}
}
