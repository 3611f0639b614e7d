package org.scribble2label.core.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;

/**
 * What a training minimises: {@code L_total = sum of weight_i * L_i} over named
 * {@link LossTerm}s. Scribble2Label's is {@code L_sp + lambda * L_up}; another term (a CRF or
 * other regulariser) is one more {@link #add}.
 */
public final class TrainingObjective {

	private final List<LossTerm> terms = new ArrayList<>();
	private final List<Float> weights = new ArrayList<>();

	/**
	 * Scribble2Label's objective: the scribble term, and the pseudo-label term weighted by
	 * {@code lambda} when pseudo-labels are used at all.
	 */
	public static TrainingObjective scribble2Label(final double lambda, final PseudoLabelStrategy pseudoLabels) {
		final TrainingObjective objective = new TrainingObjective().add(ScribbleLoss.SCRIBBLES, 1);
		return pseudoLabels.labelsPixels() ? objective.add(ScribbleLoss.PSEUDO_LABELS, lambda) : objective;
	}

	/** Adds a term with its weight in the total. */
	public TrainingObjective add(final LossTerm term, final double weight) {
		if (names().contains(term.name()) || term.name().equals(LossValues.TOTAL))
			throw new IllegalArgumentException("The objective already has a loss term named '" + term.name() + "'.");
		if (!(weight >= 0) || Double.isInfinite(weight))
			throw new IllegalArgumentException("The weight of loss term '" + term.name() + "' must be finite and >= 0, got " + weight);
		terms.add(term);
		weights.add((float) weight);
		return this;
	}

	/** The terms' names, in order. */
	public List<String> names() {
		final List<String> names = new ArrayList<>();
		terms.forEach(t -> names.add(t.name()));
		return Collections.unmodifiableList(names);
	}

	/** Evaluates every term on the batch; the total is what the gradients are taken of. */
	Evaluation evaluate(final BatchArrays batch, final NDArray logits) {
		final NDArray[] values = new NDArray[terms.size()];
		NDArray total = null;
		for (int i = 0; i < terms.size(); i++) {
			values[i] = terms.get(i).evaluate(batch, logits);
			if (values[i] == null) continue;
			final float w = weights.get(i);
			final NDArray weighted = w == 1 ? values[i] : values[i].mul(w);
			total = total == null ? weighted : total.add(weighted);
		}
		if (total == null) throw new IllegalStateException("No loss term applies to this batch: " + names());
		return new Evaluation(total, values);
	}

	/** The terms of one batch, as engine scalars. */
	final class Evaluation {
		final NDArray total;
		private final NDArray[] values;

		private Evaluation(final NDArray total, final NDArray[] values) {
			this.total = total;
			this.values = values;
		}

		/** Reads the values off the engine; a term that did not apply counts 0. */
		LossValues read() {
			final Map<String, Double> named = new LinkedHashMap<>();
			for (int i = 0; i < values.length; i++)
				named.put(terms.get(i).name(), values[i] == null ? 0.0 : values[i].getFloat());
			return new LossValues(total.getFloat(), named);
		}
	}
}
