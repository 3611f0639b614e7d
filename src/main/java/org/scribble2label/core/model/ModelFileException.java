package org.scribble2label.core.model;

import java.io.IOException;

/** A model file cannot be read or written; the message says why and what to do. */
public final class ModelFileException extends IOException {

	private static final long serialVersionUID = 1L;

	public ModelFileException(final String message) {
		super(message);
	}

	public ModelFileException(final String message, final Throwable cause) {
		super(message, cause);
	}
}
