package org.scribble2label.core;

import java.util.Locale;
import java.util.Objects;

/**
 * A training length: either a number of training crops seen, or a number of epochs, where
 * one epoch is one pass over the training pixels (see {@link #toCrops(long)}).
 * <p>
 * The paper counts warm-up and the ensemble period in epochs; on a CPU a budget in crops is
 * easier to reason about. Both are allowed and converted once the training set is known.
 */
public final class Length {

	/** Unit of a {@link Length}. */
	public enum Unit {
		CROPS, EPOCHS
	}

	private final double amount;
	private final Unit unit;

	private Length(final double amount, final Unit unit) {
		if (!(amount >= 0) || Double.isInfinite(amount))
			throw new IllegalArgumentException("A length must be a finite number >= 0, got " + amount);
		this.amount = amount;
		this.unit = Objects.requireNonNull(unit);
	}

	public static Length crops(final long crops) {
		return new Length(crops, Unit.CROPS);
	}

	public static Length epochs(final double epochs) {
		return new Length(epochs, Unit.EPOCHS);
	}

	/** Parses "1200", "1200 crops", "5 epochs" or "5e" (as written by {@link #toString()}). */
	public static Length parse(final String text) {
		final String t = text.trim().toLowerCase(Locale.ROOT);
		try {
			if (t.endsWith("epochs") || t.endsWith("epoch"))
				return epochs(Double.parseDouble(t.replaceAll("epochs?$", "").trim()));
			if (t.endsWith("e"))
				return epochs(Double.parseDouble(t.substring(0, t.length() - 1).trim()));
			return crops(Math.round(Double.parseDouble(t.replaceAll("crops?$", "").trim())));
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException("Cannot read the length '" + text +
				"': write a number of crops (e.g. 2000) or of epochs (e.g. 5 epochs).");
		}
	}

	public double amount() {
		return amount;
	}

	public Unit unit() {
		return unit;
	}

	/** This length in crops, for a training set whose epoch has {@code cropsPerEpoch} crops. */
	public long toCrops(final long cropsPerEpoch) {
		return unit == Unit.CROPS ? Math.round(amount) : Math.round(amount * cropsPerEpoch);
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof Length && ((Length) o).amount == amount && ((Length) o).unit == unit;
	}

	@Override
	public int hashCode() {
		return Objects.hash(amount, unit);
	}

	@Override
	public String toString() {
		if (unit == Unit.CROPS) return Math.round(amount) + " crops";
		return (amount == Math.rint(amount) ? Long.toString(Math.round(amount)) : Double.toString(amount)) + " epochs";
	}
}
