package org.scribble2label.core;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Collection;

import net.imglib2.type.numeric.RealType;

/**
 * Assertions on numbers, not only on the presence of outputs: a NaN model writes every file
 * a finite one writes.
 */
public final class NumericAssertions {

	private NumericAssertions() {}

	/** Every value is finite and within [min, max]. */
	public static void assertFiniteWithin(final Iterable<? extends RealType<?>> values, final double min, final double max,
		final String what)
	{
		long count = 0;
		for (final RealType<?> v : values) {
			final double d = v.getRealDouble();
			if (!Double.isFinite(d) || d < min || d > max)
				fail(what + ": value " + d + " at position " + count + " is not finite within [" + min + ", " + max + "]");
			count++;
		}
		assertTrue(count > 0, what + " is empty");
	}

	/** Every value is a probability. */
	public static void assertProbabilities(final Iterable<? extends RealType<?>> values, final String what) {
		assertFiniteWithin(values, 0, 1, what);
	}

	/** Every loss is finite and not negative. */
	public static void assertFiniteLosses(final Collection<? extends Number> losses, final String what) {
		assertTrue(!losses.isEmpty(), "no " + what + " recorded");
		for (final Number loss : losses)
			assertTrue(Double.isFinite(loss.doubleValue()) && loss.doubleValue() >= 0, what + " " + losses + " must be finite");
	}
}
