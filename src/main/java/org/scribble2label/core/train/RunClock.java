package org.scribble2label.core.train;

/** Wall time of a training, and the part of it spent on ensemble passes. */
final class RunClock {

	private long startNanos = System.nanoTime();
	private long ensembleNanos;

	/** Starts the clock again: timings cover training, not engine start and data preparation. */
	void restart() {
		startNanos = System.nanoTime();
	}

	void addEnsembleTime(final long nanos) {
		ensembleNanos += nanos;
	}

	double elapsedSeconds() {
		return seconds(System.nanoTime() - startNanos);
	}

	double ensembleSeconds() {
		return seconds(ensembleNanos);
	}

	/** Training crops per second so far, ensemble time excluded. */
	double cropsPerSecond(final long crops) {
		final double trainingSeconds = seconds(System.nanoTime() - startNanos - ensembleNanos);
		return trainingSeconds > 0 ? crops / trainingSeconds : 0;
	}

	/** Share of the wall time spent so far on ensemble passes. */
	double ensembleShare() {
		final long total = System.nanoTime() - startNanos;
		return total > 0 ? (double) ensembleNanos / total : 0;
	}

	static double seconds(final long nanos) {
		return nanos / 1e9;
	}
}
