package org.scribble2label.core.scribbles;

import java.util.Arrays;

/**
 * Harris corner response and corner peaks as scikit-image computes them with
 * {@code corner_peaks(corner_harris(image), min_distance, threshold_rel)} (method "k"), the call
 * the official Scribble2Label code uses to find the junctions of the background skeleton.
 * <p>
 * Behaviour reproduced (scikit-image 0.16–0.19 with SciPy's ndimage):
 * <ul>
 * <li>Derivatives: SciPy's Sobel operator along each axis ([-1, 0, 1] across, [1, 2, 1] along the
 * other axis), image border padded with 0 ("constant" mode).</li>
 * <li>Structure tensor: products of the derivatives, each smoothed by SciPy's Gaussian filter
 * (radius = round(4 σ), normalised weights, rows axis first then columns, 0 outside the image);
 * the symmetric kernel is applied as SciPy does (centre first, then mirrored pairs from the outside
 * in), so mirror-symmetric inputs give bit-identical responses and ties break the same way.</li>
 * <li>Response: det(A) − k · trace(A)².</li>
 * <li>Peaks ({@code peak_local_max}): a pixel equal to the maximum of its (2d+1)² window,
 * strictly above max(min(response), threshold_rel · max(response)), and at least d pixels from
 * every image border. Then {@code corner_peaks} keeps one of any group within Chebyshev distance
 * d: peaks are visited in raster order and each kept peak suppresses the later ones around it
 * (two such peaks are always equal plateau values, so this is how ties break).</li>
 * </ul>
 * Arrays are row-major (index y · w + x), i.e. NumPy's (row, column) order.
 */
final class HarrisCorners {

	private HarrisCorners() {}

	/** The Harris response (method "k") of a binary image, Gaussian weighting of standard deviation sigma. */
	static double[] response(final boolean[] image, final int w, final int h, final double k, final double sigma) {
		final double[] dRows = new double[w * h], dCols = new double[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				dRows[y * w + x] = sobel(image, w, h, x, y, 0, 1);
				dCols[y * w + x] = sobel(image, w, h, x, y, 1, 0);
			}
		final double[] arr = new double[w * h], arc = new double[w * h], acc = new double[w * h];
		for (int i = 0; i < arr.length; i++) {
			arr[i] = dRows[i] * dRows[i];
			arc[i] = dRows[i] * dCols[i];
			acc[i] = dCols[i] * dCols[i];
		}
		final double[] weights = gaussianWeights(sigma);
		gaussian(arr, w, h, weights);
		gaussian(arc, w, h, weights);
		gaussian(acc, w, h, weights);
		final double[] response = new double[w * h];
		for (int i = 0; i < response.length; i++) {
			final double det = arr[i] * acc[i] - arc[i] * arc[i];
			final double trace = arr[i] + acc[i];
			response[i] = det - k * (trace * trace);
		}
		return response;
	}

	/** Sobel derivative along (dx, dy), smoothing [1, 2, 1] across it; 0 outside the image. */
	private static int sobel(final boolean[] image, final int w, final int h, final int x, final int y, final int dx,
		final int dy)
	{
		int sum = 0;
		for (int across = -1; across <= 1; across++) {
			final int weight = across == 0 ? 2 : 1;
			// The "across" direction is perpendicular to (dx, dy).
			final int ax = x + across * dy, ay = y + across * dx;
			sum += weight * (pixel(image, w, h, ax + dx, ay + dy) - pixel(image, w, h, ax - dx, ay - dy));
		}
		return sum;
	}

	private static int pixel(final boolean[] image, final int w, final int h, final int x, final int y) {
		return x >= 0 && y >= 0 && x < w && y < h && image[y * w + x] ? 1 : 0;
	}

	/**
	 * SciPy's Gaussian kernel: exp(−x²/(2σ²)) for |x| ≤ round(4σ), divided by its sum; the sum is
	 * taken in NumPy's order for a short array (eight partial sums in pairs, then the rest in turn).
	 *
	 * @return the weights from the centre outwards (index 0 = centre)
	 */
	static double[] gaussianWeights(final double sigma) {
		final int radius = (int) (4.0 * sigma + 0.5);
		final double[] phi = new double[2 * radius + 1];
		for (int i = 0; i < phi.length; i++) {
			final int x = i - radius;
			phi[i] = Math.exp(-0.5 / (sigma * sigma) * (x * x));
		}
		final double sum = numpySum(phi);
		final double[] weights = new double[radius + 1];
		for (int j = 0; j <= radius; j++)
			weights[j] = phi[radius + j] / sum;
		return weights;
	}

	/** NumPy's pairwise summation for arrays of up to 128 elements (its unrolled block). */
	static double numpySum(final double[] a) {
		if (a.length < 8) {
			double s = 0;
			for (final double v : a)
				s += v;
			return s;
		}
		if (a.length > 128) throw new IllegalArgumentException("Kernel too long: " + a.length);
		final double[] r = Arrays.copyOf(a, 8);
		int i = 8;
		for (; i + 8 <= a.length; i += 8)
			for (int j = 0; j < 8; j++)
				r[j] += a[i + j];
		double s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
		for (; i < a.length; i++)
			s += a[i];
		return s;
	}

	/** In-place separable Gaussian: rows axis (Y) first, then columns axis (X); 0 outside. */
	private static void gaussian(final double[] data, final int w, final int h, final double[] weights) {
		final int radius = weights.length - 1;
		final double[] line = new double[Math.max(w, h) + 2 * radius];
		for (int x = 0; x < w; x++) {
			Arrays.fill(line, 0);
			for (int y = 0; y < h; y++)
				line[radius + y] = data[y * w + x];
			for (int y = 0; y < h; y++)
				data[y * w + x] = correlate(line, radius + y, weights);
		}
		for (int y = 0; y < h; y++) {
			Arrays.fill(line, 0);
			System.arraycopy(data, y * w, line, radius, w);
			for (int x = 0; x < w; x++)
				data[y * w + x] = correlate(line, radius + x, weights);
		}
	}

	/** SciPy's symmetric correlation: centre term, then pairs from the outermost inwards. */
	private static double correlate(final double[] line, final int centre, final double[] weights) {
		double sum = line[centre] * weights[0];
		for (int j = weights.length - 1; j >= 1; j--)
			sum += (line[centre - j] + line[centre + j]) * weights[j];
		return sum;
	}

	/**
	 * Corner peaks of a response image, as {@code corner_peaks(response, min_distance=d,
	 * threshold_rel=t, exclude_border=True)}.
	 *
	 * @return indices (y · w + x) of the peaks, in raster order
	 */
	static int[] peaks(final double[] response, final int w, final int h, final int minDistance,
		final double thresholdRel)
	{
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		for (final double v : response) {
			min = Math.min(min, v);
			max = Math.max(max, v);
		}
		final double threshold = Math.max(min, thresholdRel * max);
		final double[] windowMax = maximumFilter(response, w, h, minDistance);
		final boolean[] suppressed = new boolean[w * h];
		final int[] found = new int[w * h];
		int count = 0;
		// Peaks closer than minDistance to a border are excluded.
		for (int y = minDistance; y < h - minDistance; y++)
			for (int x = minDistance; x < w - minDistance; x++) {
				final int i = y * w + x;
				final double v = response[i];
				if (suppressed[i] || v != windowMax[i] || !(v > threshold)) continue;
				found[count++] = i;
				for (int sy = Math.max(0, y - minDistance); sy <= Math.min(h - 1, y + minDistance); sy++)
					for (int sx = Math.max(0, x - minDistance); sx <= Math.min(w - 1, x + minDistance); sx++)
						suppressed[sy * w + sx] = true;
			}
		return Arrays.copyOf(found, count);
	}

	/** Maximum over the (2r+1)² window around each pixel, 0 outside the image (SciPy's "constant" mode). */
	private static double[] maximumFilter(final double[] data, final int w, final int h, final int r) {
		final double[] rows = new double[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				double m = x - r < 0 || x + r >= w ? 0 : Double.NEGATIVE_INFINITY;
				for (int sx = Math.max(0, x - r); sx <= Math.min(w - 1, x + r); sx++)
					m = Math.max(m, data[y * w + sx]);
				rows[y * w + x] = m;
			}
		final double[] out = new double[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				double m = y - r < 0 || y + r >= h ? 0 : Double.NEGATIVE_INFINITY;
				for (int sy = Math.max(0, y - r); sy <= Math.min(h - 1, y + r); sy++)
					m = Math.max(m, rows[sy * w + x]);
				out[y * w + x] = m;
			}
		return out;
	}
}
