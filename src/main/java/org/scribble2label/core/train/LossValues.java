package org.scribble2label.core.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The losses of one step (or their means over an epoch): the total and each named term, in the objective's order. */
public final class LossValues {

	/** The name under which {@link #asMap()} holds the total; no term may take it. */
	public static final String TOTAL = "total";

	private final double total;
	private final Map<String, Double> terms;

	public LossValues(final double total, final Map<String, Double> terms) {
		this.total = total;
		this.terms = Collections.unmodifiableMap(new LinkedHashMap<>(terms));
	}

	/** {@code L_total}, the weighted sum of the terms. */
	/** Whether the total and every term are finite numbers. */
	public boolean allFinite() {
		if (!Double.isFinite(total)) return false;
		for (final double v : terms.values())
			if (!Double.isFinite(v)) return false;
		return true;
	}

	public double total() {
		return total;
	}

	/** Each term by name, unweighted, in the objective's order. */
	public Map<String, Double> terms() {
		return terms;
	}

	/** One term by name. */
	public double get(final String name) {
		final Double value = terms.get(name);
		if (value == null) throw new IllegalArgumentException("No loss term '" + name + "' among " + terms.keySet());
		return value;
	}

	/** The total first, under {@link #TOTAL}, then each term: for charts. */
	public Map<String, Double> asMap() {
		final Map<String, Double> all = new LinkedHashMap<>();
		all.put(TOTAL, total);
		all.putAll(terms);
		return all;
	}

	/** E.g. "0.1234 (scribble 0.1000, pseudo-label 0.0468)". */
	@Override
	public String toString() {
		final StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%.4f", total));
		String separator = " (";
		for (final Map.Entry<String, Double> e : terms.entrySet()) {
			s.append(separator).append(e.getKey()).append(String.format(Locale.ROOT, " %.4f", e.getValue()));
			separator = ", ";
		}
		return terms.isEmpty() ? s.toString() : s.append(')').toString();
	}

	/** Sums the losses of steps for their mean, in double as the steps are summed. */
	static final class Mean {
		private double total;
		private final Map<String, Double> sums = new LinkedHashMap<>();
		private int count;

		void add(final LossValues values) {
			total += values.total;
			values.terms.forEach((name, v) -> sums.merge(name, v, Double::sum));
			count++;
		}

		boolean isEmpty() {
			return count == 0;
		}

		/** The mean so far, then starts again. */
		LossValues takeMean() {
			final Map<String, Double> means = new LinkedHashMap<>();
			sums.forEach((name, sum) -> means.put(name, sum / count));
			final LossValues mean = new LossValues(total / count, means);
			total = 0;
			sums.clear();
			count = 0;
			return mean;
		}
	}
}
