package org.scribble2label.core.starter;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.scribble2label.core.DeviceChoice;
import org.scribble2label.core.model.ModelFileException;
import org.scribble2label.core.model.Scribble2LabelModel;

/**
 * The built-in starter models, one per {@link Modality}: U-Nets trained with full masks on the
 * train splits of the DSB2018 (BBBC038v1, CC0) subsets, shipped inside the plugin. Training from
 * scribbles then adapts the starter to the user's image instead of starting from random weights
 * (the paper's network starts from a pre-trained encoder, too). See docs/starter-models.md.
 */
public final class StarterModels {

	private static final String FOLDER = "/org/scribble2label/starters/";

	private StarterModels() {}

	/** Whether a starter for {@code modality} is built in. */
	public static boolean available(final Modality modality) {
		return resource(modality) != null;
	}

	/** A display name, e.g. "built-in fluorescence starter". */
	public static String describe(final Modality modality) {
		return "built-in " + modality.key() + " starter";
	}

	/**
	 * Loads the starter for {@code modality} onto the chosen device.
	 *
	 * @throws ModelFileException if it is not built in or cannot be read
	 */
	public static Scribble2LabelModel load(final Modality modality, final DeviceChoice device) throws ModelFileException {
		final URL url = resource(modality);
		if (url == null) throw new ModelFileException("No " + modality.key() + " starter model is built into this version " +
			"of Scribble2Label: start from none or from a model file.");
		Path copy = null;
		try {
			// The model reader takes a file; a copy next to nothing of the user's is removed at once.
			copy = Files.createTempFile("scribble2label-starter-", ".zip");
			try (InputStream in = url.openStream()) {
				Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
			}
			return Scribble2LabelModel.load(copy, device);
		}
		catch (final IOException e) {
			throw new ModelFileException("The " + describe(modality) + " cannot be read: " + e.getMessage(), e);
		}
		finally {
			if (copy != null) try {
				Files.deleteIfExists(copy);
			}
			catch (final IOException e) {
				copy.toFile().deleteOnExit();
			}
		}
	}

	private static URL resource(final Modality modality) {
		return StarterModels.class.getResource(FOLDER + modality.key() + ".zip");
	}
}
