package org.scribble2label.io;

import java.io.IOException;

/**
 * A scribble file (label image, mask, Labkit labeling) exists but cannot be used: wrong
 * content, type or size. The message says what is wrong and what to do, so that it can be
 * shown to the user as is; plain {@link IOException}s remain for disk problems.
 */
public class ScribbleFileException extends IOException {

	private static final long serialVersionUID = 1L;

	public ScribbleFileException(final String message) {
		super(message);
	}

	public ScribbleFileException(final String message, final Throwable cause) {
		super(message, cause);
	}
}
