package org.scribble2label.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * Finiteness checks of a network's parameters (or their gradients) in one round trip to the
 * engine: {@code sum(x - x)} is 0 for finite values and NaN as soon as one value is NaN or
 * infinite, and the per-array sums are added on the engine before a single value is read.
 */
public final class FiniteParameters {

	private FiniteParameters() {}

	/** Whether every parameter of {@code network} (BatchNorm statistics included) is finite. */
	public static boolean weightsFinite(final Block network) {
		return allFinite(network, false);
	}

	/** Whether every gradient of the trainable parameters of {@code network} is finite. */
	public static boolean gradientsFinite(final Block network) {
		return allFinite(network, true);
	}

	private static boolean allFinite(final Block network, final boolean gradients) {
		try (NDScope scope = new NDScope()) {
			NDArray total = null;
			for (final Pair<String, Parameter> p : network.getParameters()) {
				final Parameter parameter = p.getValue();
				if (!parameter.isInitialized()) continue;
				NDArray values = parameter.getArray();
				if (gradients) {
					if (!parameter.requiresGradient() || !values.hasGradient()) continue;
					values = values.getGradient();
				}
				final NDArray zero = values.sub(values).sum();
				total = total == null ? zero : total.add(zero);
			}
			return total == null || Float.isFinite(total.getFloat());
		}
	}
}
