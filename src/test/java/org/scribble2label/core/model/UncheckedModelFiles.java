package org.scribble2label.core.model;

import java.io.IOException;
import java.nio.file.Path;

/** Writes a model file without the checks of {@link Scribble2LabelModel#save}, to test the loader's. */
public final class UncheckedModelFiles {

	private UncheckedModelFiles() {}

	public static void write(final Scribble2LabelModel model, final Path file) throws IOException {
		ModelArchive.write(model, file, false);
	}
}
