package org.scribble2label.core.train;

import java.util.List;
import java.util.Random;

import org.scribble2label.core.TrainingConfig;
import org.scribble2label.core.image.PlanarFloatImage;
import org.scribble2label.core.predict.TileSource;

/**
 * Draws augmented training crops. The image, its scribbles and its pseudo-labels go
 * through the same geometric transform — random crop position, shift, scale, free rotation,
 * 90 degree rotation and flips — with bilinear interpolation for the image and nearest
 * neighbour for labels; brightness and contrast change the image only. Beyond the border the
 * image is mirrored (reflect-101).
 * <p>
 * Images are chosen in proportion to their pixel count, so that an epoch (one crop area per
 * training pixel) covers the training set once on average. During warm-up, a crop without any
 * scribble is drawn again a few times, since it would teach nothing.
 */
public final class CropSampler {

	private static final int REDRAWS = 8;

	private final List<PlanarFloatImage> images;
	private final List<short[]> scribbles;
	private final TrainingConfig config;
	private final Random random;
	private final double[] cumulativeArea;
	private final int[] sourceIndex;

	/**
	 * @param images normalised training images
	 * @param scribbles per image and pixel: 0 = unlabelled, c + 1 = class c
	 */
	public CropSampler(final List<PlanarFloatImage> images, final List<short[]> scribbles, final TrainingConfig config,
		final Random random)
	{
		this.images = images;
		this.scribbles = scribbles;
		this.config = config;
		this.random = random;
		cumulativeArea = new double[images.size()];
		double total = 0;
		for (int i = 0; i < images.size(); i++)
			cumulativeArea[i] = total += images.get(i).planeSize();
		sourceIndex = new int[config.cropSize() * config.cropSize()];
	}

	/**
	 * Fills {@code batch} with new crops.
	 *
	 * @param pseudoLabels pseudo-labels to crop with the scribbles, or null (warm-up, or none)
	 */
	public void sample(final CropBatch batch, final PixelLabels pseudoLabels) {
		final int s = batch.crop, pixels = s * s;
		java.util.Arrays.fill(batch.scribbleWeights, 0f);
		java.util.Arrays.fill(batch.pseudoWeights, 0f);
		batch.scribbled = 0;
		batch.pseudoLabelled = 0;
		batch.hasPseudoLabels = pseudoLabels != null;
		// During warm-up a crop without scribbles teaches nothing: draw again a few times. With
		// pseudo-labels every crop teaches something, and the paper draws uniformly; but where
		// scribbles are sparse, uniform crops starve the scribble loss (cropsOnScribbles).
		final int redraws = pseudoLabels == null || config.cropsOnScribbles() ? REDRAWS : 0;
		for (int n = 0; n < batch.size; n++) {
			int index = 0;
			Transform transform = null;
			for (int attempt = 0; attempt <= redraws; attempt++) {
				index = chooseImage();
				transform = drawTransform(images.get(index));
				if (mapLabels(index, transform) > 0) break;
			}
			final PlanarFloatImage image = images.get(index);
			final short[] labels = scribbles.get(index);
			final int offset = n * pixels;
			for (int p = 0; p < pixels; p++) {
				final int source = sourceIndex[p];
				final int scribble = labels[source];
				if (scribble != 0) {
					batch.targets[offset + p] = scribble - 1;
					batch.scribbleWeights[offset + p] = 1;
					batch.scribbled++;
					continue;
				}
				final int pseudo = pseudoLabels == null ? PixelLabels.NONE : pseudoLabels.pseudoLabel(index, source);
				if (pseudo != PixelLabels.NONE) {
					batch.targets[offset + p] = pseudo;
					batch.pseudoWeights[offset + p] = 1;
					batch.pseudoLabelled++;
				}
				else {
					batch.targets[offset + p] = 0;
				}
			}
			sampleImage(image, transform, batch.images, n * pixels * image.channels(), s);
		}
		if (config.balanceClasses()) normalisePerClass(batch.scribbleWeights, batch.targets);
		else normalise(batch.scribbleWeights, batch.scribbled);
		normalise(batch.pseudoWeights, batch.pseudoLabelled);
	}

	/** Weights that sum to 1 with an equal share for each class present among the weighted pixels. */
	private static void normalisePerClass(final float[] weights, final long[] classes) {
		int maxClass = 0;
		for (int i = 0; i < weights.length; i++)
			if (weights[i] != 0) maxClass = Math.max(maxClass, (int) classes[i]);
		final int[] counts = new int[maxClass + 1];
		for (int i = 0; i < weights.length; i++)
			if (weights[i] != 0) counts[(int) classes[i]]++;
		int present = 0;
		for (final int c : counts)
			if (c > 0) present++;
		for (int i = 0; i < weights.length; i++)
			if (weights[i] != 0) weights[i] = 1f / (present * counts[(int) classes[i]]);
	}

	private static void normalise(final float[] weights, final int count) {
		if (count == 0) return;
		final float w = 1f / count;
		for (int i = 0; i < weights.length; i++)
			if (weights[i] != 0) weights[i] = w;
	}

	private int chooseImage() {
		final double r = random.nextDouble() * cumulativeArea[cumulativeArea.length - 1];
		int lo = 0, hi = cumulativeArea.length - 1;
		while (lo < hi) {
			final int mid = (lo + hi) >>> 1;
			if (cumulativeArea[mid] > r) hi = mid;
			else lo = mid + 1;
		}
		return lo;
	}

	/** Maps crop pixel p to source pixel sourceIndex[p] (nearest); returns the scribbled count. */
	private int mapLabels(final int index, final Transform t) {
		final PlanarFloatImage image = images.get(index);
		final short[] labels = scribbles.get(index);
		final int s = config.cropSize(), w = image.width(), h = image.height();
		int scribbled = 0;
		for (int v = 0, p = 0; v < s; v++) {
			for (int u = 0; u < s; u++, p++) {
				final double du = u + 0.5 - s / 2.0, dv = v + 0.5 - s / 2.0;
				final double x = t.cx + t.m00 * du + t.m01 * dv, y = t.cy + t.m10 * du + t.m11 * dv;
				final int source = TileSource.mirror((int) Math.floor(y), h) * w + TileSource.mirror((int) Math.floor(x), w);
				sourceIndex[p] = source;
				if (labels[source] != 0) scribbled++;
			}
		}
		return scribbled;
	}

	private void sampleImage(final PlanarFloatImage image, final Transform t, final float[] out, final int offset,
		final int s)
	{
		final int w = image.width(), h = image.height(), plane = image.planeSize();
		final float[] data = image.data();
		for (int v = 0, p = 0; v < s; v++) {
			for (int u = 0; u < s; u++, p++) {
				final double du = u + 0.5 - s / 2.0, dv = v + 0.5 - s / 2.0;
				// Pixel i covers [i, i + 1): its centre is at i + 0.5.
				final double fx = t.cx + t.m00 * du + t.m01 * dv - 0.5, fy = t.cy + t.m10 * du + t.m11 * dv - 0.5;
				final int x0 = (int) Math.floor(fx), y0 = (int) Math.floor(fy);
				final float ax = (float) (fx - x0), ay = (float) (fy - y0);
				final int xa = TileSource.mirror(x0, w), xb = TileSource.mirror(x0 + 1, w);
				final int ya = TileSource.mirror(y0, h) * w, yb = TileSource.mirror(y0 + 1, h) * w;
				for (int c = 0; c < image.channels(); c++) {
					final int base = c * plane;
					final float top = data[base + ya + xa] + ax * (data[base + ya + xb] - data[base + ya + xa]);
					final float bottom = data[base + yb + xa] + ax * (data[base + yb + xb] - data[base + yb + xa]);
					out[offset + c * s * s + p] = (top + ay * (bottom - top)) * t.contrast + t.brightness;
				}
			}
		}
	}

	private Transform drawTransform(final PlanarFloatImage image) {
		final int s = config.cropSize();
		final Transform t = new Transform();
		// Crop origin: inside the image when it is large enough, else centred with mirrored margins.
		final double x0 = image.width() >= s ? random.nextInt(image.width() - s + 1) : -random.nextInt(s - image.width() + 1);
		final double y0 = image.height() >= s ? random.nextInt(image.height() - s + 1) : -random.nextInt(s - image.height() + 1);
		t.cx = x0 + s / 2.0;
		t.cy = y0 + s / 2.0;
		if (!config.augment()) return t;
		// Dihedral part: 90 degree rotations and flips, all exact on the pixel grid.
		final int quarterTurns = random.nextInt(4);
		final boolean flipX = random.nextBoolean(), flipY = random.nextBoolean();
		double angle = quarterTurns * Math.PI / 2, scale = 1;
		if (random.nextDouble() < config.affineProbability()) {
			angle += Math.toRadians(uniform(config.maxRotationDegrees()));
			scale = 1 + uniform(config.scaleRange());
			t.cx += uniform(config.shiftFraction()) * s;
			t.cy += uniform(config.shiftFraction()) * s;
		}
		// Source offset = R(angle) * diag(flips) * (crop offset / scale).
		final double cos = Math.cos(angle) / scale, sin = Math.sin(angle) / scale;
		final double fx = flipX ? -1 : 1, fy = flipY ? -1 : 1;
		t.m00 = cos * fx;
		t.m01 = -sin * fy;
		t.m10 = sin * fx;
		t.m11 = cos * fy;
		if (random.nextDouble() < config.intensityProbability()) {
			t.contrast = (float) (1 + uniform(config.contrastRange()));
			t.brightness = (float) uniform(config.brightnessRange());
		}
		return t;
	}

	private double uniform(final double halfRange) {
		return (2 * random.nextDouble() - 1) * halfRange;
	}

	/** Maps crop offsets from the crop centre to source coordinates, plus an intensity change. */
	private static final class Transform {
		double cx, cy;
		double m00 = 1, m01, m10, m11 = 1;
		float contrast = 1, brightness;
	}
}
