package org.scribble2label.fiji;

import java.util.Locale;

import org.scijava.app.StatusService;
import org.scijava.task.Task;
import org.scijava.task.TaskService;

import org.scribble2label.core.predict.TiledPredictor;

/**
 * Progress of the prediction commands in Fiji's status bar ("tile 3 of 12"; for folders also
 * "image 2 of 40") and as a task, whose cancel (Fiji's task list) stops the prediction after the
 * current batch of tiles, like the command's own cancel.
 */
final class PredictionProgress implements TiledPredictor.Progress, AutoCloseable {

	private final StatusService status;
	private final Task task;
	private final boolean folder;
	private volatile String image = "";
	private volatile int index, count;

	/** @param folder whether the task counts images (a folder) rather than tiles (one image) */
	PredictionProgress(final TaskService tasks, final StatusService status, final String name, final boolean folder) {
		this.status = status;
		this.folder = folder;
		task = tasks == null ? null : tasks.createTask(name);
		if (task != null) task.start();
	}

	/** The image now predicted, i of n (from 1). */
	void image(final int i, final int n, final String name) {
		index = i;
		count = n;
		image = name;
		if (task != null && folder) {
			task.setProgressMaximum(n);
			task.setProgressValue(i - 1);
			task.setStatusMessage("image " + i + " of " + n + ": " + name);
		}
	}

	@Override
	public void tilesDone(final long done, final long total) {
		final String where = folder ? String.format(Locale.ROOT, "image %d of %d (%s), ", index, count, image) : "";
		final String text = "Scribble2Label: " + where + "tile " + done + " of " + total;
		if (status != null) {
			if (folder) status.showStatus(index - 1, count, text);
			else status.showStatus((int) Math.min(done, Integer.MAX_VALUE), (int) Math.min(total, Integer.MAX_VALUE), text);
		}
		if (task != null && !folder) {
			task.setProgressMaximum(total);
			task.setProgressValue(done);
			task.setStatusMessage("tile " + done + " of " + total);
		}
	}

	/** Whether the task was cancelled (e.g. from Fiji's task list). */
	boolean cancelled() {
		return task != null && task.isCanceled();
	}

	@Override
	public void close() {
		if (task != null) task.finish();
		if (status != null) status.clearStatus();
	}
}
