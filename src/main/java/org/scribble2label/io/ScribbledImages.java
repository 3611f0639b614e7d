package org.scribble2label.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import ij.ImagePlus;

import org.scribble2label.core.Scribbles;
import org.scribble2label.core.TrainingImage;
import org.scribble2label.ij.ModelInput;
import org.scribble2label.io.labkit.LabelingFile;
import org.scribble2label.io.labkit.LabelingTiff;

/**
 * Training images from image files and their scribbles, in every form Fiji reads: a label image
 * ({@code NAME_scribbles.tif}: 0 unlabelled, 1 background, 2, 3, … objects; with Labkit's
 * {@code NAME_scribbles.tif.labels} beside it, its label names) or a Labkit labeling
 * ({@code NAME.tif.labeling}, whose label names become the class names); 2D images or stacks,
 * whose slices are separate training images (a stack's planes are never taken for channels).
 * Images become network input as the Fiji commands make it ({@link ModelInput}): an RGB image as
 * red, green and blue. Shared by the command line and the folder template, so both pair files alike.
 */
public final class ScribbledImages {

	private final List<TrainingImage> images = new ArrayList<>();
	private final List<String> used = new ArrayList<>(), skipped = new ArrayList<>(), warnings = new ArrayList<>();
	private List<String> labkitNames;
	private String labkitNamesFrom;
	private int classes = 2;
	private Boolean firstIsColour;

	/**
	 * Adds an image with its scribbles: a {@code .labeling} file is read as Labkit's, anything
	 * else as a label image.
	 */
	public ScribbledImages add(final Path image, final Path scribbles) throws IOException {
		final ImagePlus imp = ImageFiles.read(image);
		if (firstIsColour == null) firstIsColour = ModelInput.isColour(imp, 0);
		final String name = image.getFileName().toString();
		final Scribbles s;
		final boolean labelSets = java.nio.file.Files.isRegularFile(LabelingTiff.labelSetsPath(scribbles));
		if (scribbles.getFileName().toString().endsWith(LabelingFile.EXTENSION) || labelSets) {
			// Labkit's .labeling, or its TIFF with a .labels list of label names beside it.
			s = labelSets ? LabelingTiff.read(scribbles, labelingDimensions(imp)) : LabelingFile.read(scribbles, labelingDimensions(imp));
			if (labkitNames == null) {
				labkitNames = s.classNames();
				labkitNamesFrom = scribbles.getFileName().toString();
			}
			else if (!labkitNames.equals(s.classNames()))
				throw new IllegalArgumentException(scribbles.getFileName() + " has the classes " + s.classNames() + " but " +
					labkitNamesFrom + " has " + labkitNames + ": give every Labkit file the same labels, in the same order.");
		}
		else s = ScribbleFiles.readLabelImage(scribbles, null);
		for (final String w : s.warnings())
			warnings.add(name + ": " + w);
		classes = Math.max(classes, s.classNames().size());
		try {
			images.addAll(s.trainingImages(name, ModelInput.input(imp, 0), ModelInput.channels(imp, 0), ModelInput.colour(imp, 0)));
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException("Cannot pair " + name + " with " + scribbles.getFileName() + ": " + e.getMessage() +
				(imp.getNSlices() > 1 ? " A stack's slices are separate images: scribble each slice you want to train on, in a " +
					"stack of scribbles of the same size (or make the stack a multi-channel image: Image > Hyperstacks)." : ""), e);
		}
		used.add(name);
		return this;
	}

	/**
	 * Adds every image of a folder that has scribbles, in name order: {@code NAME_scribbles.tif}
	 * (.tiff, .png) first, else {@code NAME.tif.labeling}. Images without either are listed in
	 * {@link #skipped()}.
	 */
	public ScribbledImages addFolder(final Path folder) throws IOException {
		for (final Path image : ImageFolder.images(folder, null)) {
			final Path labelImage = ImageFolder.companion(image, ImageFolder.SCRIBBLES);
			final Path labeling = ImageFolder.labeling(image);
			if (labelImage == null && labeling == null) {
				skipped.add(image.getFileName() + ": no " + ImageFolder.baseName(image) + ImageFolder.SCRIBBLES + ".tif and no " +
					LabelingFile.defaultLabelingPath(image).getFileName());
				continue;
			}
			if (labelImage != null && labeling != null)
				warnings.add(image.getFileName() + " has both " + labelImage.getFileName() + " and " + labeling.getFileName() +
					"; using " + labelImage.getFileName() + ".");
			add(image, labelImage != null ? labelImage : labeling);
		}
		return this;
	}

	/** (X, Y) or (X, Y, Z): the size a Labkit labeling of this image has. */
	private static long[] labelingDimensions(final ImagePlus image) {
		if (image.getNFrames() > 1)
			throw new IllegalArgumentException("'" + image.getTitle() + "' has " + image.getNFrames() + " time points: save one " +
				"time point per file.");
		return image.getNSlices() > 1 ? new long[] { image.getWidth(), image.getHeight(), image.getNSlices() }
			: new long[] { image.getWidth(), image.getHeight() };
	}

	public List<TrainingImage> images() {
		return Collections.unmodifiableList(images);
	}

	/** Class names, background first: the Labkit labels', else the defaults for the largest value. */
	public List<String> classNames() {
		if (labkitNames != null && classes > labkitNames.size())
			throw new IllegalArgumentException("A label image has " + classes + " classes but the Labkit files name only " +
				labkitNames.size() + " (" + labkitNames + "): use values 1 to " + labkitNames.size() + " in the label images.");
		return labkitNames != null ? labkitNames : Scribbles.defaultClassNames(classes);
	}

	/** File names of the images used. */
	/** Whether the first image is a colour (RGB) image: the automatic start picks a starter by it. */
	public boolean firstIsColour() {
		return firstIsColour != null && firstIsColour;
	}

	public List<String> used() {
		return Collections.unmodifiableList(used);
	}

	/** Images without scribbles, with the reason. */
	public List<String> skipped() {
		return Collections.unmodifiableList(skipped);
	}

	public List<String> warnings() {
		return Collections.unmodifiableList(warnings);
	}
}
