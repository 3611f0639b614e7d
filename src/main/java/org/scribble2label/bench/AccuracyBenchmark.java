package org.scribble2label.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;

import org.scribble2label.core.Length;
import org.scribble2label.core.PseudoLabels;
import org.scribble2label.core.Scribbles;
import org.scribble2label.core.TrainingConfig;
import org.scribble2label.core.TrainingImage;
import org.scribble2label.core.instance.InstanceSegmentation;
import org.scribble2label.core.metrics.BorderErrors;
import org.scribble2label.core.metrics.ImageScores;
import org.scribble2label.core.model.Scribble2LabelModel;
import org.scribble2label.core.predict.Prediction;
import org.scribble2label.core.scribbles.ScribbleSimulator;
import org.scribble2label.core.train.Scribble2LabelTrainer;
import org.scribble2label.core.train.TrainingResult;
import org.scribble2label.core.train.TrainingSummary;

/**
 * The paper's Table 2 protocol on a DSB2018-like data set: scribbles simulated from the train
 * masks at a ratio, a model trained on the train split by each method under one budget, scored on
 * the val split (IoU, the paper's mDice, the clean mDice, AP and F1 at IoU 0.5).
 * <p>
 * Methods: {@code s2l} (ours), {@code pce} (scribble loss only, same network and budget),
 * {@code pl} (naive pseudo-labels from the current prediction at tau, no ensemble),
 * {@code rloss} (pCE plus the edge-aware CRF regulariser of Tang et al.), {@code s2l+crf} (ours
 * plus that regulariser) and {@code full} (every pixel labelled from the masks; scribble ratio
 * irrelevant). GrabCut and point supervision are left out: the plugin would never offer them.
 */
public final class AccuracyBenchmark {

	private final PrintStream out;
	private final org.scribble2label.core.train.TrainingListener progress;

	private boolean pseudoLabelQuality;

	/** @param progress follows each training, e.g. printing a line now and then */
	public AccuracyBenchmark(final PrintStream out, final org.scribble2label.core.train.TrainingListener progress) {
		this.out = out;
		this.progress = progress;
	}

	/**
	 * Prints, at every ensemble pass, how right the pseudo-labels are against the train masks
	 * ({@link PseudoLabelQuality}); a diagnostic: the masks never reach the training.
	 */
	public AccuracyBenchmark pseudoLabelQuality(final boolean print) {
		this.pseudoLabelQuality = print;
		return this;
	}

	/** One method at one ratio: the mean scores and how the run went. */
	static final class Row {
		final String method;
		final double ratio;
		final List<ImageScores> scores;
		final TrainingSummary summary;

		Row(final String method, final double ratio, final List<ImageScores> scores, final TrainingSummary summary) {
			this.method = method;
			this.ratio = ratio;
			this.scores = scores;
			this.summary = summary;
		}
	}

	/**
	 * @param config network and schedule shared by all methods (its pseudo-label setting is replaced)
	 * @param trainLimit, valLimit at most this many images (0 = all)
	 */
	public void run(final Path data, final List<String> methods, final List<Double> ratios, final TrainingConfig config,
		final long seed, final int trainLimit, final int valLimit, final Path modelFolder) throws IOException, InterruptedException
	{
		final List<Dsb2018.Sample> train = Dsb2018.read(data.resolve("train"), trainLimit);
		final List<Dsb2018.Sample> val = Dsb2018.read(data.resolve("val"), valLimit);
		out.printf(Locale.ROOT, "Data: %s, %d train and %d val images; %s%n", data, train.size(), val.size(), config);
		final List<Row> rows = new ArrayList<>();
		for (final String method : methods) {
			for (final double ratio : method.equals("full") ? List.of(1.0) : ratios) {
				final Row row = runOne(method, ratio, train, val, config, seed, modelFolder);
				rows.add(row);
				out.printf(Locale.ROOT, "%s\t%s\t%s\t%.0f s\t%s%n", method, ratioLabel(method, ratio), ImageScores.meanRow(row.scores),
					row.summary.seconds, row.summary);
			}
		}
		out.println();
		out.println(table(rows, ratios));
	}

	private Row runOne(final String method, final double ratio, final List<Dsb2018.Sample> train,
		final List<Dsb2018.Sample> val, final TrainingConfig config, final long seed, final Path modelFolder)
		throws IOException, InterruptedException
	{
		final TrainingConfig.Builder b = configFor(method, config);
		final List<TrainingImage> set = new ArrayList<>();
		for (int i = 0; i < train.size(); i++) {
			final Dsb2018.Sample s = train.get(i);
			final Scribbles scribbles = method.equals("full") ? fullLabels(s.truth)
				: ScribbleSimulator.simulate(integer(s.truth), ratio, seed + i);
			set.add(new TrainingImage(s.name, s.image, scribbles.labels()));
		}
		out.printf(Locale.ROOT, "-- %s at %s: training on %d images%n", method, ratioLabel(method, ratio), set.size());
		final TrainingConfig methodConfig = b.build();
		final Scribble2LabelTrainer trainer = new Scribble2LabelTrainer(methodConfig).listener(progress);
		if (pseudoLabelQuality) diagnose(trainer, set, train, methodConfig, seed);
		final TrainingResult result = trainer.start(set).await();
		try (Scribble2LabelModel model = result.model()) {
			if (modelFolder != null)
				model.save(modelFolder.resolve(method + "-" + ratioLabel(method, ratio).replace("%", "") + ".zip"), true);
			final BorderErrors errors = pseudoLabelQuality ? new BorderErrors() : null;
			final Row row = new Row(method, ratio, evaluate(model, val, errors), result.summary());
			if (errors != null) out.printf(Locale.ROOT, "  val predictions against the val masks: %s%n", errors.describe());
			return row;
		}
	}

	/** The crops' scribble shares now, and the pseudo-labels' quality at each pass of the training. */
	private void diagnose(final Scribble2LabelTrainer trainer, final List<TrainingImage> set,
		final List<Dsb2018.Sample> train, final TrainingConfig config, final long seed)
	{
		final List<short[]> scribbled = new ArrayList<>();
		final List<int[]> sizes = new ArrayList<>();
		final List<Img<? extends RealType<?>>> truths = new ArrayList<>();
		for (int i = 0; i < set.size(); i++) {
			final Img<? extends RealType<?>> truth = train.get(i).truth;
			scribbled.add(pixels(set.get(i).scribbles()));
			sizes.add(new int[] { (int) truth.dimension(0), (int) truth.dimension(1) });
			truths.add(truth);
		}
		final CropScribbleShare shares = new CropScribbleShare(scribbled, sizes, config, 2000, seed);
		out.printf(Locale.ROOT, "  crops drawn uniformly: %s; on the scribbles: %s%n", shares.of(false), shares.of(true));
		trainer.listener(new PseudoLabelQuality(out, truths, scribbled));
	}

	/** The methods bench-accuracy knows. */
	public static final List<String> METHODS = List.of("s2l", "pce", "pl", "rloss", "s2l+crf", "full");

	/**
	 * The configuration of one method: its pseudo-labels, and the CRF term for rLoss (pCE + CRF)
	 * and S2L + CRF, with the configuration's CRF weight or {@link #DEFAULT_CRF_WEIGHT}.
	 */
	static TrainingConfig.Builder configFor(final String method, final TrainingConfig config) {
		final TrainingConfig.Builder b = config.toBuilder();
		final double crf = config.crfWeight() > 0 ? config.crfWeight() : DEFAULT_CRF_WEIGHT;
		switch (method) {
			case "s2l":
				return b.pseudoLabels(PseudoLabels.ENSEMBLE).crfWeight(0);
			case "s2l+crf":
				return b.pseudoLabels(PseudoLabels.ENSEMBLE).crfWeight(crf);
			case "pl":
				return b.pseudoLabels(PseudoLabels.CURRENT_PREDICTION).crfWeight(0);
			case "rloss":
				return b.pseudoLabels(PseudoLabels.NONE).crfWeight(crf);
			case "pce":
			case "full":
				return b.pseudoLabels(PseudoLabels.NONE).crfWeight(0);
			default:
				throw new IllegalArgumentException("Unknown method '" + method + "': use one of " + String.join(", ", METHODS) + ".");
		}
	}

	/** The CRF weight of rLoss and S2L + CRF when none is given (docs/benchmarks.md). */
	public static final double DEFAULT_CRF_WEIGHT = 5;

	/**
	 * Scores of a model on every sample.
	 *
	 * @param errors where the wrong pixels lie is added to it, unless null
	 */
	static List<ImageScores> evaluate(final Scribble2LabelModel model, final List<Dsb2018.Sample> samples,
		final BorderErrors errors)
	{
		final List<ImageScores> scores = new ArrayList<>();
		final InstanceSegmentation instances = InstanceSegmentation.defaults();
		for (final Dsb2018.Sample s : samples) {
			final Prediction p = model.predict(s.image);
			scores.add(ImageScores.of(p.labels(), s.truth, instances));
			if (errors != null)
				errors.add(s.truth, p.labels());
		}
		return scores;
	}

	/** The values of a label image, row by row. */
	private static short[] pixels(final RandomAccessibleInterval<? extends IntegerType<?>> labels) {
		final short[] values = new short[(int) (labels.dimension(0) * labels.dimension(1))];
		int i = 0;
		for (final IntegerType<?> v : Views.flatIterable(labels))
			values[i++] = (short) v.getInteger();
		return values;
	}

	/** Every pixel labelled: the "Full" supervision. */
	static Scribbles fullLabels(final Img<? extends RealType<?>> truth) {
		final Img<UnsignedShortType> labels = ArrayImgs.unsignedShorts(truth.dimension(0), truth.dimension(1));
		final Cursor<? extends RealType<?>> t = Views.flatIterable(truth).cursor();
		for (final UnsignedShortType l : Views.flatIterable(labels))
			l.set(t.next().getRealDouble() != 0 ? 2 : 1);
		return new Scribbles(labels, Scribbles.defaultClassNames(2), List.of());
	}

	@SuppressWarnings("unchecked")
	static RandomAccessibleInterval<? extends IntegerType<?>> integer(
		final Img<? extends RealType<?>> img)
	{
		return (RandomAccessibleInterval<? extends IntegerType<?>>) (RandomAccessibleInterval<?>) img;
	}

	static String ratioLabel(final String method, final double ratio) {
		return method.equals("full") ? "masks" : Math.round(ratio * 100) + "%";
	}

	/** A table shaped like the paper's Table 2: one row per method, IoU and mDice per ratio. */
	static String table(final List<Row> rows, final List<Double> ratios) {
		final StringBuilder t = new StringBuilder("| method | ");
		for (final double r : ratios)
			t.append(Math.round(r * 100)).append("%: IoU / mDice paper / mDice clean / AP@0.5 | ");
		t.append("time per run |\n|---|");
		for (int i = 0; i <= ratios.size(); i++)
			t.append("---|");
		t.append('\n');
		final List<String> methods = new ArrayList<>();
		rows.forEach(r -> {
			if (!methods.contains(r.method)) methods.add(r.method);
		});
		for (final String m : methods) {
			t.append("| ").append(m).append(" | ");
			double seconds = 0;
			int count = 0;
			for (final double ratio : ratios) {
				final Row row = rows.stream().filter(r -> r.method.equals(m) && (m.equals("full") || r.ratio == ratio)).findFirst()
					.orElse(null);
				if (row == null) t.append("– | ");
				else {
					t.append(String.format(Locale.ROOT, "%.3f / %.3f / %.3f / %.3f | ", ImageScores.mean(row.scores, s -> s.iou),
						ImageScores.mean(row.scores, s -> s.paperMDice), ImageScores.mean(row.scores, s -> s.cleanMDice),
						ImageScores.mean(row.scores, s -> s.matching.averagePrecision())));
					seconds += row.summary.seconds;
					count++;
				}
			}
			t.append(String.format(Locale.ROOT, "%.0f min |%n", seconds / Math.max(1, count) / 60));
		}
		return t.toString();
	}

	/** The larger setting for a GPU: the paper preset's network and crops, with the same budget rules. */
	public static TrainingConfig gpuSetting(final long crops) {
		return TrainingConfig.paper().toBuilder().trainingLength(Length.crops(crops)).warmup(Length.crops(crops / 3))
			.ensemblePeriod(Length.epochs(1)).maxEnsembleShare(0.2).build();
	}

	/** The benchmark's default setting for a 2-core CPU: the fast network, a budget of crops. */
	public static TrainingConfig cpuSetting(final long crops) {
		return TrainingConfig.fastCpu().toBuilder().trainingLength(Length.crops(crops)).warmup(Length.crops(crops / 3))
			.ensemblePeriod(Length.epochs(1)).build();
	}
}
