package org.scribble2label.core.starter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

import org.scribble2label.core.DeviceChoice;
import org.scribble2label.core.model.ModelFileException;
import org.scribble2label.core.model.Scribble2LabelModel;

/**
 * Where a new training starts: random weights, a built-in starter model (one for the image's
 * kind, guessed from its pixels, or a named one), or a model file. A trained start needs far
 * fewer crops and predicts well from the first step; the scribbles adapt it to the image.
 */
public final class StartFrom {

	/** What the value says. */
	public enum Kind {
		/** The built-in starter for the image's kind, if there is one and the classes fit. */
		AUTOMATIC,
		/** Random weights: the paper's protocol. */
		NONE,
		/** A named built-in starter. */
		STARTER,
		/** A model file. */
		FILE
	}

	private final Kind kind;
	private final Modality modality;
	private final Path file;

	private StartFrom(final Kind kind, final Modality modality, final Path file) {
		this.kind = kind;
		this.modality = modality;
		this.file = file;
	}

	public static final StartFrom AUTOMATIC = new StartFrom(Kind.AUTOMATIC, null, null);
	public static final StartFrom NONE = new StartFrom(Kind.NONE, null, null);

	/**
	 * Reads "auto" (or "automatic"), "none", a modality ("fluorescence", "histology",
	 * "bright-field", optionally followed by "starter"), or the path of a model file.
	 */
	public static StartFrom parse(final String text) {
		final String t = text == null ? "" : text.trim();
		final String word = t.toLowerCase(Locale.ROOT).split("[\\s(]", 2)[0];
		if (t.isEmpty() || word.equals("auto") || word.equals("automatic")) return AUTOMATIC;
		if (word.equals("none") || word.equals("random")) return NONE;
		for (final Modality m : Modality.values())
			if (word.equals(m.key()) || word.replace('_', '-').equals(m.key())) return new StartFrom(Kind.STARTER, m, null);
		final Path path = Paths.get(t);
		if (Files.isRegularFile(path)) return new StartFrom(Kind.FILE, null, path);
		throw new IllegalArgumentException("Cannot start from '" + t + "': use auto, none, fluorescence, histology, " +
			"bright-field, or the path of an existing model file (.zip).");
	}

	public Kind kind() {
		return kind;
	}

	/**
	 * Opens the model to start from, or null for random weights.
	 *
	 * @param image the first training image (X, Y[, C]), for the automatic choice
	 * @param colour whether it is a colour (RGB) image
	 * @param classNames the scribbles' classes: a built-in starter knows background and one
	 *          object class only, so the automatic choice starts from random weights otherwise
	 * @param report receives one line saying what was chosen and why
	 */
	public Scribble2LabelModel open(final RandomAccessibleInterval<? extends RealType<?>> image, final boolean colour,
		final List<String> classNames, final DeviceChoice device, final java.util.function.Consumer<String> report)
		throws ModelFileException
	{
		switch (kind) {
			case NONE:
				report.accept("Starting from random weights.");
				return null;
			case FILE:
				report.accept("Starting from the model " + file + ".");
				return Scribble2LabelModel.load(file, device);
			case STARTER:
				report.accept("Starting from the " + StarterModels.describe(modality) + ".");
				return StarterModels.load(modality, device);
			default:
				if (classNames != null && classNames.size() != 2) {
					report.accept("Starting from random weights: the built-in starters know background and one kind of " +
						"object, and these scribbles have " + classNames.size() + " classes.");
					return null;
				}
				final Modality.Guess guess = Modality.guess(image, colour);
				if (!StarterModels.available(guess.modality)) {
					report.accept("Starting from random weights: no built-in " + guess.modality.key() + " starter (" +
						guess.reason + ").");
					return null;
				}
				report.accept("Starting from the " + StarterModels.describe(guess.modality) + ": " + guess.reason +
					". Choose another start if this is not a " + guess.modality.key() + " image.");
				return StarterModels.load(guess.modality, device);
		}
	}

	@Override
	public String toString() {
		return kind == Kind.STARTER ? modality.key() : kind == Kind.FILE ? file.toString() : kind.name().toLowerCase(Locale.ROOT);
	}
}
