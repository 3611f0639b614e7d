package org.scribble2label.core;

/** Sample option values for tests of other packages. */
public final class TrainingOptionsTestAccess {

	private TrainingOptionsTestAccess() {}

	public static String sample(final TrainingOptions.Option o) {
		return TrainingOptionsTest.sample(o);
	}
}
