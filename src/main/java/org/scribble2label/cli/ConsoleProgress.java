package org.scribble2label.cli;

import java.io.PrintStream;

import org.scribble2label.core.train.EnsembleProgress;
import org.scribble2label.core.train.StepProgress;
import org.scribble2label.core.train.TrainingListener;
import org.scribble2label.core.train.TrainingStart;
import org.scribble2label.core.train.TrainingSummary;

/** Prints training progress to the console, at most one step line every few seconds. */
final class ConsoleProgress implements TrainingListener {

	private final PrintStream out;
	private final long intervalNanos;
	private long lastPrint;

	ConsoleProgress(final PrintStream out, final double intervalSeconds) {
		this.out = out;
		this.intervalNanos = (long) (intervalSeconds * 1e9);
	}

	@Override
	public void started(final TrainingStart s) {
		out.printf("Training on %s: %d image(s), %.2f Mpx, classes %s%n", s.device, s.images, s.trainingPixels / 1e6, s.classNames);
		out.printf("Network: %s, %,d parameters; %.1f GFLOP per step%n", s.network, s.parameters, s.flopsPerStep / 1e9);
		out.println("Schedule: " + s.schedule);
		s.warnings.forEach(w -> out.println("Warning: " + w));
		lastPrint = System.nanoTime();
	}

	@Override
	public void stepFinished(final StepProgress s) {
		final long now = System.nanoTime();
		if (now - lastPrint < intervalNanos && s.cropsSeen < s.totalCrops) return;
		lastPrint = now;
		out.printf("  step %5d  crops %6d/%d  epoch %6.1f  loss %s%s  lr %.2e  %.1f crops/s%n", s.step, s.cropsSeen,
			s.totalCrops, s.epoch, s.losses, s.pseudoLabels ? "" : " [no pseudo-labels]", s.learningRate, s.cropsPerSecond);
	}

	@Override
	public void ensembleUpdated(final EnsembleProgress e) {
		out.printf("  ensemble update %d at %d crops: %.1f%% of unscribbled pixels above tau %.2f, %.1f s (%.0f%% of the time so far)%n",
			e.update, e.cropsSeen, 100 * e.coverage, e.tau, e.seconds, 100 * e.ensembleShare);
	}

	@Override
	public void finished(final TrainingSummary s) {
		out.println("Training " + s);
	}
}
