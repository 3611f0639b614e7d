package org.scribble2label.fiji;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

import ij.ImagePlus;
import ij.io.FileInfo;

import org.scribble2label.core.Scribbles;
import org.scribble2label.ij.ImagePlusAdapter;
import org.scribble2label.ij.RoiScribbles;
import org.scribble2label.io.labkit.LabelingFile;

/** Where the commands take the scribbles of an image from. */
enum ScribbleSource {

	ROI_MANAGER("ROI Manager"), OVERLAY("Overlay"), LABKIT("Labkit labeling file"), LABEL_IMAGE("Label image");

	/** The choices as the commands list them. */
	static final String[] CHOICES = { "ROI Manager", "Overlay", "Labkit labeling file", "Label image" };

	private final String label;

	ScribbleSource(final String label) {
		this.label = label;
	}

	static ScribbleSource of(final String choice) {
		for (final ScribbleSource s : values())
			if (s.label.equalsIgnoreCase(choice.trim()) || s.name().equalsIgnoreCase(choice.trim().replace(' ', '_')))
				return s;
		throw new IllegalArgumentException("Unknown scribble source '" + choice + "': use " + String.join(", ", CHOICES) + ".");
	}

	/**
	 * @param labelingPath the Labkit file; empty for the one next to the image (image path + ".labeling")
	 * @param labelImage the label image (0 unlabelled, 1 background, 2.. classes) for {@link #LABEL_IMAGE}
	 */
	Scribbles read(final ImagePlus image, final String labelingPath, final ImagePlus labelImage) throws IOException {
		switch (this) {
			case ROI_MANAGER:
				return RoiScribbles.fromRoiManager(image);
			case OVERLAY:
				return RoiScribbles.fromOverlay(image);
			case LABKIT:
				return LabelingFile.read(labelingPath == null || labelingPath.trim().isEmpty() ? defaultLabeling(image)
					: Paths.get(labelingPath.trim()), imageDimensions(image));
			default:
				if (labelImage == null)
					throw new IllegalArgumentException("Choose the label image that holds the scribbles (0 = unlabelled, " +
						"1 = background, 2, 3, … = object classes).");
				if (labelImage.getWidth() != image.getWidth() || labelImage.getHeight() != image.getHeight() ||
					labelImage.getNSlices() != image.getNSlices())
					throw new IllegalArgumentException("The label image '" + labelImage.getTitle() + "' (" + labelImage.getWidth() +
						" x " + labelImage.getHeight() + " x " + labelImage.getNSlices() + ") does not match '" + image.getTitle() +
						"' (" + image.getWidth() + " x " + image.getHeight() + " x " + image.getNSlices() + ").");
				if (labelImage.getType() == ImagePlus.COLOR_RGB)
					throw new IllegalArgumentException("The label image must be 8 or 16-bit, not RGB.");
				return Scribbles.fromLabelImage(ImagePlusAdapter.wrap(labelImage), null);
		}
	}

	/** The Labkit file Labkit opens by itself for this image: its path + ".labeling". */
	static Path defaultLabeling(final ImagePlus image) {
		final FileInfo info = image.getOriginalFileInfo();
		if (info == null || info.directory == null || info.directory.isEmpty() || info.fileName == null)
			throw new IllegalArgumentException("'" + image.getTitle() + "' was not opened from a file, so there is no Labkit " +
				"labeling next to it: save the image first, or give the labeling file.");
		return LabelingFile.defaultLabelingPath(Paths.get(info.directory, info.fileName));
	}

	/** (X, Y) or (X, Y, Z): the labeling's dimensions for this image (channels excluded). */
	static long[] imageDimensions(final ImagePlus image) {
		if (image.getNFrames() > 1)
			throw new IllegalArgumentException("'" + image.getTitle() + "' has " + image.getNFrames() +
				" time points: train on one time point at a time (Image > Duplicate…).");
		return image.getNSlices() > 1 ? new long[] { image.getWidth(), image.getHeight(), image.getNSlices() }
			: new long[] { image.getWidth(), image.getHeight() };
	}

	@Override
	public String toString() {
		return label.toLowerCase(Locale.ROOT);
	}
}
