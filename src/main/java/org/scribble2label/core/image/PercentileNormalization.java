package org.scribble2label.core.image;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * Per-image, per-channel intensity normalisation: the {@code low} percentile maps to 0 and the
 * {@code high} percentile to 1. The percentiles (not the values) are stored in the model, so a
 * new image is normalised by its own statistics in the same way as the training images were.
 * <p>
 * Non-finite pixels (NaN, infinities) are left out of the statistics and become 0.
 */
public final class PercentileNormalization {

	/** Above this many pixels the statistics are computed on a regular subsample. */
	static final int MAX_SAMPLES = 1 << 22;

	private final double lowPercentile;
	private final double highPercentile;

	public PercentileNormalization(final double lowPercentile, final double highPercentile) {
		if (!(lowPercentile >= 0 && lowPercentile < highPercentile && highPercentile <= 100))
			throw new IllegalArgumentException("Percentiles must satisfy 0 <= low < high <= 100: " + lowPercentile + ", " + highPercentile);
		this.lowPercentile = lowPercentile;
		this.highPercentile = highPercentile;
	}

	public double lowPercentile() {
		return lowPercentile;
	}

	public double highPercentile() {
		return highPercentile;
	}

	/** Normalises every channel of the image in place. */
	public void normalizeInPlace(final PlanarFloatImage image) {
		final float[] data = image.data();
		final int plane = image.planeSize();
		for (int c = 0; c < image.channels(); c++) {
			final double[] range = percentiles(data, c * plane, plane, 1);
			apply(data, c * plane, plane, range[0], range[1]);
		}
	}

	/**
	 * The intensity range (low, high) of each channel of a 2D image, (X, Y) or (X, Y, C),
	 * without copying it: {@code result[c] = {low value, high value}}.
	 */
	public double[][] ranges(final RandomAccessibleInterval<? extends RealType<?>> image) {
		final int channels = image.numDimensions() == 2 ? 1 : (int) image.dimension(2);
		final long plane = image.dimension(0) * image.dimension(1);
		final int stride = (int) Math.max(1, (plane + MAX_SAMPLES - 1) / MAX_SAMPLES);
		final double[][] out = new double[channels][];
		for (int c = 0; c < channels; c++) {
			final RandomAccessibleInterval<? extends RealType<?>> slice = channels == 1 && image.numDimensions() == 2
				? image : Views.hyperSlice(image, 2, image.min(2) + c);
			final float[] samples = new float[(int) ((plane + stride - 1) / stride)];
			final Cursor<? extends RealType<?>> cursor = Views.flatIterable(slice).cursor();
			int n = 0;
			long i = 0;
			while (cursor.hasNext()) {
				final float v = cursor.next().getRealFloat();
				if (i++ % stride == 0) samples[n++] = v;
			}
			out[c] = percentiles(samples, 0, n, 1);
		}
		return out;
	}

	/** Maps {@code low} to 0 and {@code high} to 1; a flat range maps everything to 0. */
	public static float normalize(final float value, final double low, final double high) {
		if (!Float.isFinite(value)) return 0;
		final double scale = high - low > 1e-12 ? high - low : 1;
		return (float) ((value - low) / scale);
	}

	private static void apply(final float[] data, final int offset, final int length, final double low, final double high) {
		for (int i = offset; i < offset + length; i++)
			data[i] = normalize(data[i], low, high);
	}

	/** Low and high percentile values of {@code data[offset, offset + length)}, every stride-th value. */
	private double[] percentiles(final float[] data, final int offset, final int length, final int stride) {
		final int sampleStride = Math.max(stride, (length + MAX_SAMPLES - 1) / MAX_SAMPLES);
		final float[] finite = new float[(length + sampleStride - 1) / sampleStride];
		int n = 0;
		for (int i = offset; i < offset + length; i += sampleStride)
			if (Float.isFinite(data[i])) finite[n++] = data[i];
		if (n == 0) return new double[] { 0, 1 };
		return new double[] { percentile(finite, n, lowPercentile), percentile(finite, n, highPercentile) };
	}

	/**
	 * Linear interpolation between closest ranks, as numpy's default. Reorders {@code values}
	 * (selection in linear time instead of a sort: this runs for every predicted image).
	 */
	static double percentile(final float[] values, final int n, final double p) {
		final double rank = p / 100 * (n - 1);
		final int lo = (int) Math.floor(rank);
		final float low = select(values, n, lo);
		if (lo + 1 >= n) return low;
		// After selecting rank lo, everything above it lies in [lo + 1, n): its minimum is rank lo + 1.
		float high = Float.POSITIVE_INFINITY;
		for (int i = lo + 1; i < n; i++)
			high = Math.min(high, values[i]);
		return low + (rank - lo) * (high - low);
	}

	/** Quickselect: the k-th smallest of values[0, n), leaving smaller values before k and larger after. */
	private static float select(final float[] values, final int n, final int k) {
		int left = 0, right = n - 1;
		int seed = 12345;
		while (right > left) {
			seed = seed * 1103515245 + 12345;
			final float pivot = values[left + Math.floorMod(seed, right - left + 1)];
			int i = left, j = right;
			while (i <= j) {
				while (values[i] < pivot) i++;
				while (values[j] > pivot) j--;
				if (i <= j) {
					final float t = values[i];
					values[i++] = values[j];
					values[j--] = t;
				}
			}
			if (k <= j) right = j;
			else if (k >= i) left = i;
			else return values[k];
		}
		return values[k];
	}
}
