package org.scribble2label.io;

import java.util.List;

/**
 * The I-th of N parts of an ordered list (I from 1 to N), as contiguous blocks whose sizes
 * differ by at most one: every machine of a job array computes the same split from the same
 * sorted list, and the N parts together are the whole list, each item exactly once.
 */
public final class Shard {

	/** The whole list. */
	public static final Shard ALL = new Shard(1, 1);

	public final int index, count;

	public Shard(final int index, final int count) {
		if (count < 1 || index < 1 || index > count)
			throw new IllegalArgumentException("A shard is I/N with 1 <= I <= N, e.g. 3/10, not " + index + "/" + count + ".");
		this.index = index;
		this.count = count;
	}

	/** "I/N"; null or empty for the whole list. */
	public static Shard parse(final String text) {
		if (text == null || text.isBlank()) return ALL;
		final String[] parts = text.trim().split("/");
		try {
			if (parts.length == 2) return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
		}
		catch (final NumberFormatException e) {
			// falls through to the message
		}
		throw new IllegalArgumentException("Cannot read the shard '" + text + "': write I/N, e.g. 3/10 for the third of ten " +
			"parts (I from 1 to N).");
	}

	public boolean isAll() {
		return count == 1;
	}

	/** First index (inclusive) of this part in a list of {@code size} items. */
	public int from(final int size) {
		return (int) ((long) (index - 1) * size / count);
	}

	/** Last index (exclusive). */
	public int to(final int size) {
		return (int) ((long) index * size / count);
	}

	public <T> List<T> of(final List<T> items) {
		return items.subList(from(items.size()), to(items.size()));
	}

	@Override
	public String toString() {
		return index + "/" + count;
	}
}
