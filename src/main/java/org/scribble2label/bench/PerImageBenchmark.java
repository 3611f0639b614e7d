package org.scribble2label.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.scribble2label.core.Scribbles;
import org.scribble2label.core.TrainingOptions;
import org.scribble2label.core.TrainingImage;
import org.scribble2label.core.image.ColourChannels;
import org.scribble2label.core.instance.InstanceSegmentation;
import org.scribble2label.core.metrics.ImageScores;
import org.scribble2label.core.model.Scribble2LabelModel;
import org.scribble2label.core.scribbles.ScribbleSimulator;
import org.scribble2label.core.train.EnsembleProgress;
import org.scribble2label.core.train.Scribble2LabelTrainer;
import org.scribble2label.core.train.TrainingListener;
import org.scribble2label.ij.ImagePlusAdapter;

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

	/**
	 * @param options the training options, as a Fiji user would set them (none: the defaults of
	 *          Train from Scribbles, i.e. the automatic start and its preset)
	 * @param every use every k-th val image (1 = all)
	 */
	public void run(final Path data, final double ratio, final TrainingOptions options, final int every)
		throws IOException, InterruptedException
	{
		final List<Dsb2018.Sample> val = Dsb2018.read(data.resolve("val"), 0);
		final long seed = options.toConfig().seed();
		final InstanceSegmentation instances = InstanceSegmentation.defaults();
		final List<ImageScores> scores = new ArrayList<>();
		double seconds = 0, firstPreview = 0;
		int previews = 0;
		out.printf(Locale.ROOT, "Per-image protocol: scribbles %.0f%%, start %s, options %s, every %d-th of %d val images%n",
			100 * ratio, options.startFrom(), options.values(), every, val.size());
		out.println("image\t" + ImageScores.header() + "\tseconds\tfirst preview s\tstart");
		for (int i = 0; i < val.size(); i += every) {
			final Dsb2018.Sample s = val.get(i);
			final Scribbles scribbles = ScribbleSimulator.simulate(AccuracyBenchmark.integer(s.truth), ratio, seed + i);
			// A colour image is red, green and blue; a starter of one input channel takes its luminance, as in Fiji.
			final ColourChannels colour = s.colour ? ImagePlusAdapter.colourChannels() : null;
			// From pressing Train: the starter is loaded (and picked) inside the timed part.
			final long t0 = System.nanoTime();
			final String[] start = { "" };
			final double[] preview = { -1 };
			try (Scribble2LabelModel starter = options.startFrom().open(s.image, s.colour, null, options.toConfig().device(),
				line -> start[0] = line))
			{
				final Scribble2LabelTrainer trainer = new Scribble2LabelTrainer(options.toConfig(starter != null))
					.listener(new TrainingListener() {
						@Override
						public void ensembleUpdated(final EnsembleProgress e) {
							if (preview[0] < 0) preview[0] = (System.nanoTime() - t0) / 1e9;
						}
					});
				if (starter != null) trainer.startFrom(starter);
				try (Scribble2LabelModel model = trainer.start(List.of(new TrainingImage(s.name, s.image, scribbles.labels(), colour)))
					.await().model())
				{
					final ImageScores score = ImageScores.of(model.predict(colour == null ? s.image
						: colour.forModel(s.image, model.spec().inputChannels())).labels(), s.truth, instances);
					final double t = (System.nanoTime() - t0) / 1e9;
					seconds += t;
					if (preview[0] >= 0) {
						firstPreview += preview[0];
						previews++;
					}
					scores.add(score);
					out.printf(Locale.ROOT, "%s\t%s\t%.0f\t%s\t%s%n", shortName(s.name), score.toRow(), t,
						preview[0] < 0 ? "-" : String.format(Locale.ROOT, "%.1f", preview[0]), startWord(start[0]));
				}
			}
			catch (final IllegalArgumentException e) {
				// e.g. an image whose simulated scribbles hold one class only
				out.println(shortName(s.name) + "\tskipped: " + e.getMessage());
			}
		}
		out.printf(Locale.ROOT, "mean of %d images\t%s\t%.0f s per image\tfirst preview %.1f s%n", scores.size(),
			ImageScores.meanRow(scores), seconds / Math.max(1, scores.size()), firstPreview / Math.max(1, previews));
	}

	/** "fluorescence" from "Starting from the built-in fluorescence starter: ...", "none" for random weights. */
	private static String startWord(final String line) {
		final int at = line.indexOf("built-in ");
		if (at >= 0) return line.substring(at + 9).split(" ", 2)[0];
		return line.contains("random weights") ? "none" : line.replaceFirst("^Starting from the model ", "").replaceAll("\\.$", "");
	}

	/** DSB names are 64 hex digits: the first 12 identify an image. */
	private static String shortName(final String name) {
		return name.length() > 12 ? name.substring(0, 12) : name;
	}
}
