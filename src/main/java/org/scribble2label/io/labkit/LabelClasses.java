package org.scribble2label.io.labkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.scribble2label.core.Scribbles;

/**
 * Which class each Labkit label becomes. The engine wants the background at value 1: the first
 * label with a background name ({@link Scribbles#isBackgroundName}) is the background; without
 * one, the first label is (Labkit's first default label is "background"), with a warning. The
 * other labels follow in their order as 2, 3, …; empty labels stay classes.
 */
final class LabelClasses {

	/** {@code classOfLabel[i]}: class value of the label at index i (0-based, in file order). */
	final int[] classOfLabel;
	final List<String> classNames;
	final List<String> warnings;

	private LabelClasses(final int[] classOfLabel, final List<String> classNames, final List<String> warnings) {
		this.classOfLabel = classOfLabel;
		this.classNames = Collections.unmodifiableList(classNames);
		this.warnings = Collections.unmodifiableList(warnings);
	}

	/** @param labelNames distinct names, in the labeling's order; at least one */
	static LabelClasses assign(final List<String> labelNames) {
		int background = -1;
		for (int i = 0; i < labelNames.size() && background < 0; i++)
			if (Scribbles.isBackgroundName(labelNames.get(i))) background = i;
		final List<String> warnings = new ArrayList<>();
		if (background < 0) {
			background = 0;
			warnings.add("No label is named \"background\": the first label \"" + labelNames.get(0) +
				"\" is taken as the background. Rename it in Labkit if another label is the background.");
		}
		final int[] classOfLabel = new int[labelNames.size()];
		final List<String> classNames = new ArrayList<>();
		classNames.add(labelNames.get(background));
		classOfLabel[background] = 1;
		for (int i = 0; i < labelNames.size(); i++) {
			if (i == background) continue;
			classNames.add(labelNames.get(i));
			classOfLabel[i] = classNames.size();
			if (Scribbles.isBackgroundName(labelNames.get(i)))
				warnings.add("The label \"" + labelNames.get(i) + "\" is named like the background, but \"" +
					labelNames.get(background) + "\" is the background: \"" + labelNames.get(i) +
					"\" is trained as an object class. Rename or merge it in Labkit if that is not meant.");
		}
		return new LabelClasses(classOfLabel, classNames, warnings);
	}

	/** Labkit keys labels by name: class names must be unique to be saved. */
	static void requireUniqueNames(final List<String> classNames) {
		final Set<String> seen = new HashSet<>();
		for (final String name : classNames)
			if (!seen.add(name))
				throw new IllegalArgumentException("The class name \"" + name + "\" is used twice; Labkit needs unique " +
					"label names. Rename one of the classes before saving.");
	}
}
