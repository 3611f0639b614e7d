package org.scribble2label.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import net.imglib2.img.Img;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;

import org.scribble2label.core.image.PlanarFloatImage;
import org.scribble2label.core.predict.TileSource;
import org.scribble2label.core.predict.TiledPredictor;

/**
 * One pass of the prediction ensemble: every training image predicted whole and un-augmented,
 * in chunks that bound scratch memory, and folded into the {@link PredictionEnsemble}.
 */
final class EnsemblePass {

	/** Pixels of training images predicted together in one chunk. */
	static final long CHUNK_PIXELS = 8 << 20;

	private final TiledPredictor predictor;
	private final List<PlanarFloatImage> images;
	private final PredictionEnsemble ensemble;
	private final double tau;

	EnsemblePass(final TiledPredictor predictor, final List<PlanarFloatImage> images, final PredictionEnsemble ensemble,
		final double tau)
	{
		this.predictor = predictor;
		this.images = images;
		this.ensemble = ensemble;
		this.tau = tau;
	}

	/**
	 * Runs a pass and returns its event; the time it took counts on {@code clock} even when it
	 * is stopped.
	 *
	 * @param stop polled between batches of tiles; when true, a
	 *          {@link java.util.concurrent.CancellationException} ends the pass
	 */
	EnsembleProgress run(final long cropsSeen, final boolean pseudoLabelsActive, final BooleanSupplier stop,
		final RunClock clock)
	{
		final long t0 = System.nanoTime();
		final int classes = ensemble.classes();
		final double coverage;
		try {
			int first = 0;
			while (first < images.size()) {
				int end = first;
				long chunk = 0;
				while (end < images.size() && (end == first || chunk + images.get(end).planeSize() <= CHUNK_PIXELS))
					chunk += images.get(end++).planeSize();
				final List<TileSource> sources = new ArrayList<>();
				final List<float[][]> outputs = new ArrayList<>();
				for (int i = first; i < end; i++) {
					sources.add(TileSource.of(images.get(i)));
					outputs.add(new float[classes][images.get(i).planeSize()]);
				}
				predictor.predict(sources, outputs, stop);
				for (int i = first; i < end; i++)
					ensemble.update(i, outputs.get(i - first));
				first = end;
			}
			ensemble.passFinished();
			coverage = ensemble.coverage();
		}
		finally {
			clock.addEnsembleTime(System.nanoTime() - t0);
		}
		final List<Img<FloatType>> averages = new ArrayList<>();
		for (int i = 0; i < images.size(); i++)
			averages.add(planarView(ensemble.average(i), images.get(i).width(), images.get(i).height()));
		return new EnsembleProgress(ensemble.updates(), cropsSeen, pseudoLabelsActive, coverage,
			RunClock.seconds(System.nanoTime() - t0), clock.ensembleShare(), averages, tau);
	}

	/**
	 * The ensemble's averages, handed over with the training's result (Where to Scribble Next):
	 * the training no longer updates them. Null when no pass was made.
	 */
	TrainingEnsemble finalEnsemble() {
		if (ensemble.updates() == 0) return null;
		final List<Img<FloatType>> averages = new ArrayList<>();
		for (int i = 0; i < images.size(); i++)
			averages.add(planarView(ensemble.average(i), images.get(i).width(), images.get(i).height()));
		return new TrainingEnsemble(averages, tau, ensemble.updates());
	}

	/** An (X, Y, classes) view of class planes, without copying. */
	private static Img<FloatType> planarView(final float[][] planes, final int width, final int height) {
		final List<FloatArray> arrays = new ArrayList<>();
		for (final float[] plane : planes)
			arrays.add(new FloatArray(plane));
		final PlanarImg<FloatType, FloatArray> img = new PlanarImg<>(arrays, new long[] { width, height, planes.length },
			new Fraction());
		img.setLinkedType(new FloatType(img));
		return img;
	}
}
