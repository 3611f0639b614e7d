package org.scribble2label.core.predict;

/**
 * How one image axis is cut into overlapping tiles, and the blending weight of every tile
 * position. Weights of the tiles covering a pixel sum to 1 (a partition of unity), falling
 * linearly towards each tile's inner edges, where a network sees least context. Because the
 * 2D weight is the product of two axis weights, 2D weights also sum to 1 and the tiled result
 * can be accumulated directly into the output.
 */
final class AxisTiling {

	final int size;
	final int tileLength;
	final int[] origins;
	final float[][] weights;

	/**
	 * @param size the axis length
	 * @param maxTile the longest tile, a multiple of {@code multiple}
	 * @param overlap the wanted overlap between tiles, rounded up to a multiple of {@code multiple}
	 * @param multiple tiles start and end on multiples of this (the network's down-sampling
	 *          factor), which keeps the prediction translation-consistent between tiles
	 */
	AxisTiling(final int size, final int maxTile, final int overlap, final int multiple) {
		this.size = size;
		final int padded = roundUp(size, multiple);
		if (padded <= maxTile) {
			tileLength = padded;
			origins = new int[] { 0 };
		}
		else {
			// As few tiles as the longest tile allows, each as short as they can be: no wasted pixels.
			final int o = Math.min(roundUp(overlap, multiple), maxTile / 2 / multiple * multiple);
			final int count = (padded - o + (maxTile - o) - 1) / (maxTile - o);
			tileLength = Math.min(maxTile, roundUp((padded + (count - 1) * o + count - 1) / count, multiple));
			final int stride = tileLength - o;
			origins = new int[count];
			for (int k = 0; k < count; k++)
				origins[k] = Math.min(k * stride, padded - tileLength);
		}
		weights = computeWeights();
	}

	static int roundUp(final int value, final int multiple) {
		return (value + multiple - 1) / multiple * multiple;
	}

	private float[][] computeWeights() {
		final int n = origins.length;
		final float[][] w = new float[n][tileLength];
		if (n == 1) {
			java.util.Arrays.fill(w[0], 1f);
			return w;
		}
		final double[] sum = new double[size];
		for (int k = 0; k < n; k++)
			for (int i = 0; i < tileLength && origins[k] + i < size; i++)
				sum[origins[k] + i] += distanceToInnerEdge(k, i);
		for (int k = 0; k < n; k++)
			for (int i = 0; i < tileLength && origins[k] + i < size; i++)
				w[k][i] = (float) (distanceToInnerEdge(k, i) / sum[origins[k] + i]);
		return w;
	}

	/** Distance to the nearest tile edge that is not an image border. */
	private double distanceToInnerEdge(final int k, final int i) {
		final double left = k == 0 ? Double.POSITIVE_INFINITY : i + 0.5;
		final double right = k == origins.length - 1 ? Double.POSITIVE_INFINITY : tileLength - i - 0.5;
		final double d = Math.min(left, right);
		// Only a lone tile has no inner edge; it is handled before.
		return d;
	}
}
