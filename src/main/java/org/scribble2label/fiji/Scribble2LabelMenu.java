package org.scribble2label.fiji;

import ij.ImagePlus;


import org.scribble2label.core.DeviceChoice;
import org.scribble2label.core.instance.InstanceSegmentation;

/** Menu placement and small conversions shared by the commands. */
final class Scribble2LabelMenu {

	static final String ROOT = "Plugins>Segmentation>Scribble2Label>";

	private Scribble2LabelMenu() {}

	static DeviceChoice device(final String choice) {
		return org.scribble2label.core.TrainingOptions.device(choice);
	}

	static InstanceSegmentation instances(final boolean splitTouching, final int minObjectSize) {
		return new InstanceSegmentation(splitTouching ? InstanceSegmentation.Method.WATERSHED
			: InstanceSegmentation.Method.CONNECTED_COMPONENTS, minObjectSize, true,
			InstanceSegmentation.DEFAULT_SEED_DYNAMIC);
	}

	/** The image title without its file extension. */
	static String baseTitle(final ImagePlus image) {
		final String title = image.getTitle();
		final int dot = title.lastIndexOf('.');
		return dot > 0 ? title.substring(0, dot) : title;
	}
}
