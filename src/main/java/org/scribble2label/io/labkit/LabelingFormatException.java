package org.scribble2label.io.labkit;

import org.scribble2label.io.ScribbleFileException;

/**
 * A Labkit labeling ({@code .labeling} JSON, or TIFF with {@code .labels}) that cannot be read:
 * not JSON, damaged, an unsupported shape, or not the size of the image. Readers throw this for
 * any bad content, never a runtime exception, so a damaged file ends in a message.
 */
public class LabelingFormatException extends ScribbleFileException {

	private static final long serialVersionUID = 1L;

	public LabelingFormatException(final String message) {
		super(message);
	}

	public LabelingFormatException(final String message, final Throwable cause) {
		super(message, cause);
	}
}
