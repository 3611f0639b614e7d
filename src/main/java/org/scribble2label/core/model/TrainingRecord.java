package org.scribble2label.core.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How a model was trained, stored with it: the schedule reached, the images, timings, and
 * whether the training ran to its end or was stopped early by the user.
 */
public final class TrainingRecord {

	private final boolean completed;
	private final long cropsSeen;
	private final long plannedCrops;
	private final int steps;
	private final int ensembleUpdates;
	private final double seconds;
	private final String device;
	private final List<String> images;
	private final String created;

	public TrainingRecord(final boolean completed, final long cropsSeen, final long plannedCrops, final int steps,
		final int ensembleUpdates, final double seconds, final String device, final List<String> images,
		final String created)
	{
		this.completed = completed;
		this.cropsSeen = cropsSeen;
		this.plannedCrops = plannedCrops;
		this.steps = steps;
		this.ensembleUpdates = ensembleUpdates;
		this.seconds = seconds;
		this.device = device;
		this.images = Collections.unmodifiableList(new ArrayList<>(images));
		this.created = created;
	}

	/** False when the user stopped the training early and kept the model. */
	public boolean completed() {
		return completed;
	}

	public long cropsSeen() {
		return cropsSeen;
	}

	public long plannedCrops() {
		return plannedCrops;
	}

	public int steps() {
		return steps;
	}

	public int ensembleUpdates() {
		return ensembleUpdates;
	}

	public double seconds() {
		return seconds;
	}

	public String device() {
		return device;
	}

	public List<String> images() {
		return images;
	}

	/** ISO-8601 time of the end of training. */
	public String created() {
		return created;
	}
}
