package org.scribble2label.core.train;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Controls a training that runs in its own thread: wait for it, stop it early and keep the
 * model, or cancel it and discard everything.
 */
public final class TrainingHandle {

	private final CompletableFuture<TrainingResult> result = new CompletableFuture<>();
	private volatile boolean cancelRequested;
	private volatile boolean stopRequested;

	TrainingHandle() {}

	/**
	 * Cancels the training: it ends after the current step (or tile batch of an ensemble
	 * update), frees its memory and yields no model.
	 */
	public void cancel() {
		cancelRequested = true;
	}

	/**
	 * Ends the training after the current step and keeps the model as trained so far; its
	 * record says it was stopped early.
	 */
	public void stopEarly() {
		stopRequested = true;
	}

	public boolean isCancelRequested() {
		return cancelRequested;
	}

	public boolean isStopRequested() {
		return stopRequested;
	}

	public boolean isDone() {
		return result.isDone();
	}

	/** The result as a future, for callers that do not want to block. */
	public CompletableFuture<TrainingResult> future() {
		return result;
	}

	/**
	 * Waits for the end of the training.
	 *
	 * @throws CancellationException if it was cancelled
	 * @throws RuntimeException the error that ended it
	 */
	public TrainingResult await() throws InterruptedException {
		try {
			return result.get();
		}
		catch (final ExecutionException e) {
			final Throwable cause = e.getCause();
			if (cause instanceof CancellationException) throw (CancellationException) cause;
			if (cause instanceof RuntimeException) throw (RuntimeException) cause;
			if (cause instanceof Error) throw (Error) cause;
			throw new IllegalStateException(cause.getMessage(), cause);
		}
	}

	void complete(final TrainingResult value) {
		result.complete(value);
	}

	void fail(final Throwable error) {
		result.completeExceptionally(error);
	}
}
