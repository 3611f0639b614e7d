package org.scribble2label.core.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.scribble2label.core.instance.ConnectedComponents;

/**
 * The prediction ensemble at the end of a training, handed over with its result: the averaged
 * class probabilities of every training image, in the order of the training images, and what
 * follows from them. Where the average does not exceed tau no pseudo-label was given: the places
 * where a few more scribbles help the model most.
 */
public final class TrainingEnsemble {

	private final List<Img<FloatType>> averages;
	private final double tau;
	private final int updates;

	/** @param averages (X, Y, classes) per training image; the training no longer changes them */
	TrainingEnsemble(final List<Img<FloatType>> averages, final double tau, final int updates) {
		this.averages = Collections.unmodifiableList(new ArrayList<>(averages));
		this.tau = tau;
		this.updates = updates;
	}

	/** How many training images it covers. */
	public int images() {
		return averages.size();
	}

	/** The averaged class probabilities of a training image, (X, Y, classes). */
	public Img<FloatType> average(final int image) {
		return averages.get(image);
	}

	public double tau() {
		return tau;
	}

	/** How many times the ensemble was updated. */
	public int updates() {
		return updates;
	}

	public long width(final int image) {
		return averages.get(image).dimension(0);
	}

	public long height(final int image) {
		return averages.get(image).dimension(1);
	}

	/** 1 - the largest averaged class probability, per pixel, row by row. */
	public float[] uncertainty(final int image) {
		final float[] max = maxima(image);
		for (int i = 0; i < max.length; i++)
			max[i] = 1 - max[i];
		return max;
	}

	/** Pixels without a pseudo-label: the largest averaged probability does not exceed tau (compared in float, as in training). */
	public boolean[] unsure(final int image) {
		final float[] max = maxima(image);
		final boolean[] unsure = new boolean[max.length];
		for (int i = 0; i < max.length; i++)
			unsure[i] = !(max[i] > (float) tau);
		return unsure;
	}

	private float[] maxima(final int image) {
		final Img<FloatType> average = averages.get(image);
		final int w = (int) average.dimension(0), h = (int) average.dimension(1), classes = (int) average.dimension(2);
		final float[] max = new float[w * h];
		final RandomAccess<FloatType> a = average.randomAccess();
		for (int i = 0; i < max.length; i++) {
			float m = 0;
			for (int c = 0; c < classes; c++)
				m = Math.max(m, a.setPositionAndGet(i % w, i / w, c).get());
			max[i] = m;
		}
		return max;
	}

	/**
	 * Connected regions (8-connected) of each mask with at least {@code minSize} pixels, numbered
	 * 1, 2, … across the masks in order; 0 elsewhere. One array of {@code width * height} per mask.
	 */
	public static List<int[]> regions(final List<boolean[]> masks, final int width, final int height, final int minSize) {
		final List<int[]> all = new ArrayList<>();
		int next = 0;
		for (final boolean[] mask : masks) {
			final int[] labels = new int[width * height];
			final int n = ConnectedComponents.label(mask, width, height, ConnectedComponents.Connectivity.EIGHT, labels);
			final int[] sizes = new int[n + 1];
			for (final int l : labels)
				sizes[l]++;
			final int[] renumbered = new int[n + 1];
			final int[] out = new int[width * height];
			for (int i = 0; i < labels.length; i++) {
				final int l = labels[i];
				if (l == 0 || sizes[l] < minSize) continue;
				if (renumbered[l] == 0) renumbered[l] = ++next;
				out[i] = renumbered[l];
			}
			all.add(out);
		}
		return all;
	}
}
