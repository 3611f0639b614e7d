package org.scribble2label.core.train;

import java.util.List;

import org.scribble2label.core.TrainingConfig;
import org.scribble2label.core.model.NetworkSpec;

/** What a training is about to do. */
public final class TrainingStart {

	/** The device in words, e.g. "CPU (2 threads, PyTorch 2.7.1)". */
	public final String device;
	public final TrainingConfig config;
	public final TrainingSchedule schedule;
	/** The architecture trained (a continued model's, or the configuration's). */
	public final NetworkSpec network;
	/** The names of the loss terms the progress events report, in order. */
	public final List<String> lossTerms;
	public final List<String> classNames;
	public final int images;
	public final long trainingPixels;
	public final long parameters;
	/** Convolution FLOPs of one training step (forward and backward, about 3 forward passes). */
	public final double flopsPerStep;
	/** Remarks for the user about the training data, e.g. a class with very few scribbles. */
	public final List<String> warnings;

	TrainingStart(final String device, final TrainingConfig config, final TrainingSchedule schedule,
		final NetworkSpec network, final List<String> lossTerms, final List<String> classNames, final int images, final long trainingPixels, final long parameters,
		final double flopsPerStep, final List<String> warnings)
	{
		this.device = device;
		this.config = config;
		this.schedule = schedule;
		this.network = network;
		this.lossTerms = List.copyOf(lossTerms);
		this.classNames = classNames;
		this.images = images;
		this.trainingPixels = trainingPixels;
		this.parameters = parameters;
		this.flopsPerStep = flopsPerStep;
		this.warnings = List.copyOf(warnings);
	}
}
