package org.scribble2label.fiji;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import org.scijava.app.StatusService;
import org.scijava.log.LogService;
import org.scijava.task.Task;
import org.scijava.task.TaskService;
import org.scijava.ui.UIService;

import org.scribble2label.core.TrainingImage;
import org.scribble2label.core.train.EnsembleProgress;
import org.scribble2label.core.train.EpochProgress;
import org.scribble2label.core.train.Scribble2LabelTrainer;
import org.scribble2label.core.train.StepProgress;
import org.scribble2label.core.train.TrainingHandle;
import org.scribble2label.core.train.TrainingListener;
import org.scribble2label.core.train.TrainingResult;
import org.scribble2label.core.train.TrainingStart;
import org.scribble2label.core.train.TrainingSummary;
import org.scribble2label.ui.TrainingWindow;

/**
 * Runs a training for a command: progress to Fiji's status bar, task list and log, the training
 * window when there is a screen, and
 * cancellation from the command, the task list or an interrupt. Blocks the command's thread,
 * never the user interface.
 */
final class CommandTraining {

	private final LogService log;
	private final StatusService status;
	private final TaskService tasks;
	private final UIService ui;
	private final Scribble2LabelService session;
	private volatile TrainingHandle handle;
	private TrainingWindow window;

	CommandTraining(final LogService log, final StatusService status, final TaskService tasks, final UIService ui,
		final Scribble2LabelService session)
	{
		this.log = log;
		this.status = status;
		this.tasks = tasks;
		this.ui = ui;
		this.session = session;
	}

	/**
	 * Trains and waits for the result.
	 *
	 * @param cancelled the command's cancel flag, polled while waiting
	 * @throws CancellationException when cancelled
	 */
	TrainingResult run(final Scribble2LabelTrainer trainer, final List<TrainingImage> images, final boolean showWindow,
		final BooleanSupplier cancelled) throws InterruptedException
	{
		final Task task = tasks == null ? null : tasks.createTask("Scribble2Label training");
		final List<String> names = new ArrayList<>();
		images.forEach(i -> names.add(i.name()));
		trainer.listener(new Progress(task, names));
		if (showWindow && ui != null && !ui.isHeadless() && !java.awt.GraphicsEnvironment.isHeadless()) {
			window = new TrainingWindow("Scribble2Label: " + names.get(0), firstPlane(images.get(0)));
			trainer.listener(window);
		}
		if (task != null) task.start();
		try {
			handle = trainer.start(images);
			if (window != null) window.attach(handle);
			while (true) {
				if (cancelled.getAsBoolean() || task != null && task.isCanceled()) handle.cancel();
				try {
					return handle.future().get(200, TimeUnit.MILLISECONDS);
				}
				catch (final TimeoutException e) {
					// keep waiting
				}
				catch (final java.util.concurrent.ExecutionException e) {
					final Throwable cause = e.getCause();
					if (cause instanceof CancellationException) throw (CancellationException) cause;
					if (cause instanceof RuntimeException) throw (RuntimeException) cause;
					throw new IllegalStateException(cause.getMessage(), cause);
				}
				catch (final InterruptedException e) {
					handle.cancel();
					throw e;
				}
			}
		}
		finally {
			if (task != null) task.finish();
		}
	}

	/** The window, if one was opened. */
	TrainingWindow window() {
		return window;
	}

	/** A training image as one plane, for the window's preview: a colour image's luminance, else the first channel. */
	private static net.imglib2.RandomAccessibleInterval<? extends net.imglib2.type.numeric.RealType<?>> firstPlane(
		final TrainingImage image)
	{
		if (image.colour() != null) return image.colour().luminance(image.image());
		return image.image().numDimensions() == 2 ? image.image()
			: net.imglib2.view.Views.hyperSlice(image.image(), 2, image.image().min(2));
	}

	/** Progress to the status bar, the task and the log. */
	private final class Progress implements TrainingListener {
		private final Task task;
		private final List<String> names;
		private long total;

		Progress(final Task task, final List<String> names) {
			this.task = task;
			this.names = names;
		}

		@Override
		public void started(final TrainingStart s) {
			total = s.schedule.totalCrops();
			if (task != null) task.setProgressMaximum(total);
			log.info("Scribble2Label: training on " + s.device + ", " + s.images + " image(s), classes " + s.classNames);
			log.info("Scribble2Label: " + s.schedule);
			s.warnings.forEach(w -> log.warn("Scribble2Label: " + w));
		}

		@Override
		public void stepFinished(final StepProgress s) {
			if (task != null) {
				task.setProgressValue(s.cropsSeen);
				task.setStatusMessage(String.format(Locale.ROOT, "epoch %.1f, loss %.4f", s.epoch, s.totalLoss));
			}
			status.showStatus((int) Math.min(Integer.MAX_VALUE, s.cropsSeen), (int) Math.min(Integer.MAX_VALUE, total),
				String.format(Locale.ROOT, "Scribble2Label: epoch %.1f, loss %.4f, %.1f crops/s", s.epoch, s.totalLoss,
					s.cropsPerSecond));
		}

		@Override
		public void epochFinished(final EpochProgress e) {
			log.debug(String.format(Locale.ROOT, "Scribble2Label: epoch %d, loss %s, coverage %.1f%%", e.epoch, e.meanLosses,
				100 * e.pseudoLabelCoverage));
		}

		@Override
		public void ensembleUpdated(final EnsembleProgress e) {
			// Only the count: the averages stay the trainer's; the final ones come with the result.
			session.ensembleUpdated();
			log.info(String.format(Locale.ROOT, "Scribble2Label: ensemble update %d, %.1f%% of unscribbled pixels consistent",
				e.update, 100 * e.coverage));
		}

		@Override
		public void finished(final TrainingSummary s) {
			status.clearStatus();
			log.info("Scribble2Label: " + s);
		}
	}

	/** Cancels the running training, if any. */
	void cancel() {
		final TrainingHandle h = handle;
		if (h != null) h.cancel();
	}

	/** Whether a training runs in this JVM, for a message before starting another. */
	static boolean busy() {
		return Scribble2LabelTrainer.isTrainingRunning();
	}
}
