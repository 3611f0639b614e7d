package org.scribble2label.core.train;

import java.util.List;

import org.scribble2label.core.TrainingConfig;

/** What a training is about to do. */
public final class TrainingStart {

	/** The device in words, e.g. "CPU (2 threads, PyTorch 2.7.1)". */
	public final String device;
	public final TrainingConfig config;
	public final TrainingSchedule schedule;
	public final List<String> classNames;
	public final int images;
	public final long trainingPixels;
	public final long parameters;
	/** Convolution FLOPs of one training step (forward and backward, about 3 forward passes). */
	public final double flopsPerStep;
	/** Remarks for the user about the training data, e.g. a class with very few scribbles. */
	public final List<String> warnings;

	TrainingStart(final String device, final TrainingConfig config, final TrainingSchedule schedule,
		final List<String> classNames, final int images, final long trainingPixels, final long parameters,
		final double flopsPerStep, final List<String> warnings)
	{
		this.device = device;
		this.config = config;
		this.schedule = schedule;
		this.classNames = classNames;
		this.images = images;
		this.trainingPixels = trainingPixels;
		this.parameters = parameters;
		this.flopsPerStep = flopsPerStep;
		this.warnings = List.copyOf(warnings);
	}
}
