package org.scribble2label.core.starter;

import java.util.Locale;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

import org.scribble2label.core.image.PercentileNormalization;

/**
 * The kind of microscopy image a starter model was trained on, and a guess of it from an
 * image's own pixels: colour is histology; grey with a dark background is fluorescence, grey
 * with a bright background is bright-field.
 */
public enum Modality {

	FLUORESCENCE("fluorescence", "grey nuclei, bright on a dark background"),
	HISTOLOGY("histology", "colour (H&E-like) tissue"),
	BRIGHT_FIELD("bright-field", "grey, dark nuclei on a bright background");

	private final String key;
	private final String description;

	Modality(final String key, final String description) {
		this.key = key;
		this.description = description;
	}

	/** A short lower-case name, used in file names, macros and the command line. */
	public String key() {
		return key;
	}

	public String description() {
		return description;
	}

	/** The modality named by {@code key} (case and '-'/'_' insensitive). */
	public static Modality of(final String key) {
		final String k = key.trim().toLowerCase(Locale.ROOT).replace('_', '-');
		for (final Modality m : values())
			if (m.key.equals(k) || m.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(k)) return m;
		throw new IllegalArgumentException("Unknown image kind '" + key + "': use fluorescence, histology or bright-field.");
	}

	/**
	 * Guesses the modality of a 2D image, (X, Y) or (X, Y, C).
	 *
	 * @param colour whether the image is a colour (RGB) image whose channels differ
	 */
	public static Guess guess(final RandomAccessibleInterval<? extends RealType<?>> image, final boolean colour) {
		if (colour) return new Guess(HISTOLOGY, "the image is in colour");
		final double[] low = new PercentileNormalization(1, 50).ranges(image)[0];
		final double high = new PercentileNormalization(50, 99).ranges(image)[0][1];
		final double p1 = low[0], median = low[1];
		// Most of a nucleus image is background: the median sits near the background's intensity.
		final double position = high > p1 ? (median - p1) / (high - p1) : 0;
		return position < 0.5 ? new Guess(FLUORESCENCE, String.format(Locale.ROOT,
			"the background is dark (median at %.0f%% of the intensity range)", 100 * position))
			: new Guess(BRIGHT_FIELD, String.format(Locale.ROOT, "the background is bright (median at %.0f%% of the intensity range)",
				100 * position));
	}

	/** A guessed modality and why it was chosen, for the user. */
	public static final class Guess {
		public final Modality modality;
		public final String reason;

		Guess(final Modality modality, final String reason) {
			this.modality = modality;
			this.reason = reason;
		}

		@Override
		public String toString() {
			return modality.key + " (" + reason + ")";
		}
	}
}
