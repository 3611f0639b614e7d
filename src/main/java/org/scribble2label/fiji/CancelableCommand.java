package org.scribble2label.fiji;

import java.util.concurrent.CancellationException;

import org.scijava.Cancelable;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.ui.DialogPrompt;
import org.scijava.ui.UIService;

/**
 * Cancellation and error reporting shared by the commands. A failure cancels the command with
 * a message that says what to do (shown in a dialog when there is a screen, logged always);
 * scripts and macros see the command as cancelled with that reason.
 */
abstract class CancelableCommand implements Command, Cancelable {

	private volatile String cancelReason;

	@Override
	public boolean isCanceled() {
		return cancelReason != null;
	}

	@Override
	public void cancel(final String reason) {
		cancelReason = reason == null ? "Cancelled" : reason;
		cancelled();
	}

	/** Called when the command is cancelled, e.g. to stop a running training. */
	protected void cancelled() {}

	@Override
	public String getCancelReason() {
		return cancelReason;
	}

	/** Reports an error (or a cancellation) and cancels the command with its message. */
	protected void fail(final LogService log, final UIService ui, final Exception e) {
		if (e instanceof CancellationException || e instanceof InterruptedException) {
			if (cancelReason == null) cancelReason = "Cancelled";
			if (e instanceof InterruptedException) Thread.currentThread().interrupt();
			return;
		}
		final String message = e.getMessage() == null ? e.toString() : e.getMessage();
		cancelReason = message;
		// Expected problems (bad input, files, engine, a busy trainer) need their message, not a stack trace.
		final boolean expected = e instanceof IllegalArgumentException || e instanceof java.io.IOException ||
			e instanceof IllegalStateException;
		if (expected) log.error("Scribble2Label: " + message);
		else log.error("Scribble2Label: " + message, e);
		if (ui != null && !ui.isHeadless())
			ui.showDialog(message, "Scribble2Label", DialogPrompt.MessageType.ERROR_MESSAGE);
	}
}
