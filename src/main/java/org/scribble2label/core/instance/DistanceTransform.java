package org.scribble2label.core.instance;

/**
 * Exact Euclidean distance transform of a 2D mask (Felzenszwalb and Huttenlocher, 2012): for
 * every foreground pixel the distance to the nearest background pixel; 0 on the background.
 * Optionally the outside of the image counts as background, so that an object cut by the
 * border gets its largest distances inside the image rather than at the border.
 */
public final class DistanceTransform {

	private static final double INFINITY = 1e20;

	private DistanceTransform() {}

	/**
	 * @param mask row-major, w x h
	 * @param borderIsBackground whether the outside of the image counts as background
	 * @return the distances, row-major
	 */
	public static float[] compute(final boolean[] mask, final int w, final int h, final boolean borderIsBackground) {
		final double[] squared = new double[w * h];
		for (int i = 0; i < squared.length; i++)
			squared[i] = mask[i] ? INFINITY : 0;
		final int n = Math.max(w, h);
		final double[] f = new double[n + 2], d = new double[n + 2], z = new double[n + 3];
		final int[] v = new int[n + 2];
		// Columns, then rows; a background pixel at -1 and at the far end models the border.
		final int pad = borderIsBackground ? 1 : 0;
		for (int x = 0; x < w; x++) {
			for (int y = 0; y < h; y++)
				f[y + pad] = squared[y * w + x];
			if (pad == 1) {
				f[0] = 0;
				f[h + 1] = 0;
			}
			transform1D(f, h + 2 * pad, d, v, z);
			for (int y = 0; y < h; y++)
				squared[y * w + x] = d[y + pad];
		}
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++)
				f[x + pad] = squared[y * w + x];
			if (pad == 1) {
				f[0] = 0;
				f[w + 1] = 0;
			}
			transform1D(f, w + 2 * pad, d, v, z);
			for (int x = 0; x < w; x++)
				squared[y * w + x] = d[x + pad];
		}
		final float[] out = new float[w * h];
		for (int i = 0; i < out.length; i++)
			out[i] = squared[i] >= INFINITY ? Float.POSITIVE_INFINITY : (float) Math.sqrt(squared[i]);
		return out;
	}

	/** Lower envelope of parabolas: d[q] = min_p (q - p)^2 + f[p]. */
	private static void transform1D(final double[] f, final int n, final double[] d, final int[] v, final double[] z) {
		int k = 0;
		v[0] = 0;
		z[0] = Double.NEGATIVE_INFINITY;
		z[1] = Double.POSITIVE_INFINITY;
		for (int q = 1; q < n; q++) {
			double s = intersection(f, q, v[k]);
			while (s <= z[k]) {
				k--;
				s = intersection(f, q, v[k]);
			}
			k++;
			v[k] = q;
			z[k] = s;
			z[k + 1] = Double.POSITIVE_INFINITY;
		}
		k = 0;
		for (int q = 0; q < n; q++) {
			while (z[k + 1] < q)
				k++;
			final double dq = q - v[k];
			d[q] = dq * dq + f[v[k]];
		}
	}

	private static double intersection(final double[] f, final int q, final int p) {
		return ((f[q] + (double) q * q) - (f[p] + (double) p * p)) / (2.0 * q - 2.0 * p);
	}
}
