package org.scribble2label.core.train;

import java.util.Locale;

/**
 * Where the time of the training steps went, summed over a run: drawing and augmenting the
 * crops, the forward and backward pass (loss included), the finiteness checks and the
 * optimiser update. Ensemble passes are not steps and are counted apart.
 */
public final class StepTimes {

	public final int steps;
	public final double samplingSeconds;
	public final double forwardBackwardSeconds;
	public final double checkSeconds;
	public final double updateSeconds;

	StepTimes(final int steps, final double samplingSeconds, final double forwardBackwardSeconds, final double checkSeconds,
		final double updateSeconds)
	{
		this.steps = steps;
		this.samplingSeconds = samplingSeconds;
		this.forwardBackwardSeconds = forwardBackwardSeconds;
		this.checkSeconds = checkSeconds;
		this.updateSeconds = updateSeconds;
	}

	public double totalSeconds() {
		return samplingSeconds + forwardBackwardSeconds + checkSeconds + updateSeconds;
	}

	/** Milliseconds per step of each phase, e.g. "sampling 12 ms, forward+backward 650 ms, ...". */
	@Override
	public String toString() {
		if (steps == 0) return "no steps";
		final double ms = 1000.0 / steps;
		return String.format(Locale.ROOT, "per step: sampling %.1f ms, forward+backward %.1f ms, checks %.1f ms, update %.1f ms",
			samplingSeconds * ms, forwardBackwardSeconds * ms, checkSeconds * ms, updateSeconds * ms);
	}

	/** Accumulates the phases of the steps of one run, on the training thread. */
	static final class Clock {
		private int steps;
		private long sampling, forwardBackward, checks, update;
		private long mark;

		void start() {
			mark = System.nanoTime();
		}

		void sampled() {
			sampling += lap();
		}

		void passed() {
			forwardBackward += lap();
		}

		void checked() {
			checks += lap();
		}

		void updated() {
			update += lap();
			steps++;
		}

		private long lap() {
			final long now = System.nanoTime(), elapsed = now - mark;
			mark = now;
			return elapsed;
		}

		StepTimes snapshot() {
			return new StepTimes(steps, RunClock.seconds(sampling), RunClock.seconds(forwardBackward), RunClock.seconds(checks),
				RunClock.seconds(update));
		}
	}
}
