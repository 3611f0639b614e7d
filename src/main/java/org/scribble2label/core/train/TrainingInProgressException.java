package org.scribble2label.core.train;

/**
 * A training was started while another one runs in this Java virtual machine. PyTorch allows
 * one gradient recording at a time per process, so trainings run one after the other.
 */
public final class TrainingInProgressException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	TrainingInProgressException() {
		super("Another Scribble2Label training is running. Only one can run at a time: wait for it to finish, " +
			"or stop or cancel it, then start again.");
	}
}
