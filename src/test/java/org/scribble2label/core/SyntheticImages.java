package org.scribble2label.core;

import java.util.Random;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Small synthetic "nuclei" images for tests: bright discs on a darker noisy background, the
 * ground-truth mask, and sparse scribbles as a person would draw them (short strokes inside
 * a few discs, a few strokes on the background).
 */
public final class SyntheticImages {

	public final ArrayImg<FloatType, FloatArray> image;
	public final ArrayImg<UnsignedByteType, ByteArray> mask;
	public final ArrayImg<UnsignedByteType, ByteArray> scribbles;

	private SyntheticImages(final int size, final long seed) {
		final Random random = new Random(seed);
		image = ArrayImgs.floats(size, size);
		mask = ArrayImgs.unsignedBytes(size, size);
		scribbles = ArrayImgs.unsignedBytes(size, size);
		final float[] pixels = image.update(null).getCurrentStorageArray();
		final byte[] truth = mask.update(null).getCurrentStorageArray();
		final byte[] strokes = scribbles.update(null).getCurrentStorageArray();
		final int discs = Math.max(3, size * size / 700);
		final int[][] centres = new int[discs][3];
		for (int d = 0; d < discs; d++) {
			final int r = 5 + random.nextInt(4);
			centres[d] = new int[] { r + random.nextInt(size - 2 * r), r + random.nextInt(size - 2 * r), r };
			for (int y = 0; y < size; y++)
				for (int x = 0; x < size; x++) {
					final int dx = x - centres[d][0], dy = y - centres[d][1];
					if (dx * dx + dy * dy <= r * r) truth[y * size + x] = 1;
				}
		}
		for (int i = 0; i < pixels.length; i++)
			pixels[i] = (truth[i] != 0 ? 160 : 40) + (float) (random.nextGaussian() * 18);
		// Foreground strokes: a short horizontal line through the centre of every other disc.
		for (int d = 0; d < discs; d += 2) {
			final int cx = centres[d][0], cy = centres[d][1], r = centres[d][2];
			for (int x = cx - r / 2; x <= cx + r / 2; x++)
				strokes[cy * size + x] = 2;
		}
		// Background strokes: short horizontal lines where a whole 20-pixel run is background.
		int drawn = 0;
		for (int attempt = 0; attempt < 500 && drawn < Math.max(3, discs / 2); attempt++) {
			final int x0 = random.nextInt(size - 20), y = random.nextInt(size);
			boolean clear = true;
			for (int x = x0; x < x0 + 20; x++)
				for (int dy = -3; dy <= 3; dy++)
					if (y + dy >= 0 && y + dy < size && truth[(y + dy) * size + x] != 0) clear = false;
			if (!clear) continue;
			for (int x = x0; x < x0 + 20; x++)
				strokes[y * size + x] = 1;
			drawn++;
		}
	}

	public static SyntheticImages create(final int size, final long seed) {
		return new SyntheticImages(size, seed);
	}

	/** A tiny configuration that trains in seconds, with pseudo-labels active. */
	public static TrainingConfig.Builder tinyConfig() {
		return new TrainingConfig.Builder().depth(2).baseWidth(16).cropSize(32).batchSize(4)
			.trainingLength(Length.crops(480)).warmup(Length.crops(160)).ensemblePeriod(Length.crops(80))
			.maxEnsembleShare(0).learningRate(5e-3).finalLearningRate(1e-4).tileSize(64).seed(7);
	}
}
