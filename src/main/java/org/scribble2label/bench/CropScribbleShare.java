package org.scribble2label.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.scribble2label.core.TrainingConfig;
import org.scribble2label.core.image.PlanarFloatImage;
import org.scribble2label.core.train.CropBatch;
import org.scribble2label.core.train.CropSampler;
import org.scribble2label.core.train.PixelLabels;

/**
 * How many training crops carry no scribble at all, drawn uniformly (the paper) and on the
 * scribbles ({@link TrainingConfig#cropsOnScribbles()}): where most carry none, the scribble loss
 * sees a fraction of the crops. Sampled with the training's own crop sampler.
 */
final class CropScribbleShare {

	/** Share of crops without a scribble, and scribbled pixels per crop on average. */
	static final class Share {
		final double withoutScribbles;
		final double scribbledPixels;

		Share(final double withoutScribbles, final double scribbledPixels) {
			this.withoutScribbles = withoutScribbles;
			this.scribbledPixels = scribbledPixels;
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "%.1f%% of crops without scribbles, %.0f scribbled pixels per crop",
				100 * withoutScribbles, scribbledPixels);
		}
	}

	private final List<PlanarFloatImage> blank = new ArrayList<>();
	private final List<short[]> scribbles;
	private final TrainingConfig config;
	private final int crops;
	private final long seed;

	/**
	 * @param scribbles per image, per pixel: 0 = unlabelled; the images' sizes are those of {@code sizes}
	 * @param sizes width and height of each image
	 * @param crops how many crops to draw for each share
	 */
	CropScribbleShare(final List<short[]> scribbles, final List<int[]> sizes, final TrainingConfig config, final int crops,
		final long seed)
	{
		// The sampler copies pixels into the batch, so it needs images; their values do not matter here.
		for (final int[] size : sizes)
			blank.add(new PlanarFloatImage(1, size[0], size[1]));
		this.scribbles = scribbles;
		this.config = config;
		this.crops = crops;
		this.seed = seed;
	}

	/** The share with crops drawn uniformly (false) or on the scribbles (true), from the same seed. */
	Share of(final boolean cropsOnScribbles) {
		final TrainingConfig one = config.toBuilder().batchSize(1).cropsOnScribbles(cropsOnScribbles).build();
		final CropSampler sampler = new CropSampler(blank, scribbles, one, new Random(seed));
		final CropBatch batch = new CropBatch(1, 1, config.cropSize());
		long without = 0, scribbled = 0;
		for (int i = 0; i < crops; i++) {
			// As after warm-up: pseudo-labels in use (here labelling nothing), so only the setting decides.
			sampler.sample(batch, (image, pixel) -> PixelLabels.NONE);
			if (batch.scribbled() == 0) without++;
			scribbled += batch.scribbled();
		}
		return new Share((double) without / crops, (double) scribbled / crops);
	}
}
