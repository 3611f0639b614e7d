package org.scribble2label.core;

/**
 * A computation produced NaN or an infinite value where only finite numbers make sense: a
 * diverged training, a model file with broken weights, or a faulty math library. Such numbers
 * are never passed on as a result: they would look like an empty segmentation.
 */
public class NonFiniteException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	/** What a user can try when the engine itself produced the values (see docs/numerics.md). */
	public static final String ENGINE_ADVICE = "If this happens with the default settings, the CPU's math library " +
		"may be at fault: set the environment variable ONEDNN_MAX_CPU_ISA=AVX2 and try again (see docs/numerics.md).";

	public NonFiniteException(final String message) {
		super(message);
	}

	/** Whether all of {@code values} are finite. */
	public static boolean allFinite(final float[] values) {
		for (final float v : values)
			if (!Float.isFinite(v)) return false;
		return true;
	}
}
