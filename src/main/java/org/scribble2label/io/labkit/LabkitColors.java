package org.scribble2label.io.labkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The colours Labkit gives new labels, so that our labelings look in Labkit as if drawn there:
 * the hue steps by the golden angle at full saturation and brightness, starting at blue
 * (#004AFF, "background") and red (#FF0000, "foreground"). Computed in float like Labkit, so
 * the hex codes match exactly.
 */
public final class LabkitColors {

	private static final float GOLDEN_RATIO = (float) ((1 + Math.sqrt(5)) / 2);
	private static final float GOLDEN_ANGLE = 1f - 1f / GOLDEN_RATIO;
	private static final float FIRST_HUE = 1f - 2f * GOLDEN_ANGLE;

	private LabkitColors() {}

	/** The first {@code count} colours as upper-case "#RRGGBB". */
	public static List<String> colors(final int count) {
		final List<String> colors = new ArrayList<>(count);
		float hue = FIRST_HUE;
		for (int i = 0; i < count; i++) {
			hue += GOLDEN_ANGLE;
			if (hue > 1f) hue -= 1f;
			colors.add(hex(hue));
		}
		return colors;
	}

	/** The colour of the label at {@code index} (0 = first label, the background). */
	public static String color(final int index) {
		if (index < 0) throw new IllegalArgumentException("Label index must be >= 0, got " + index);
		return colors(index + 1).get(index);
	}

	/** Full saturation and brightness: one channel at 255, one at 0, one ramping in between. */
	private static String hex(final float hue) {
		final float sector = (hue - (float) Math.floor(hue)) * 6f;
		final int whole = (int) Math.floor(sector);
		final float fraction = sector - whole;
		final int rising = channel(fraction), falling = channel(1f - fraction);
		final int red, green, blue;
		switch (whole) {
			case 0: red = 255; green = rising; blue = 0; break;
			case 1: red = falling; green = 255; blue = 0; break;
			case 2: red = 0; green = 255; blue = rising; break;
			case 3: red = 0; green = falling; blue = 255; break;
			case 4: red = rising; green = 0; blue = 255; break;
			default: red = 255; green = 0; blue = falling; break;
		}
		return String.format(Locale.ROOT, "#%02X%02X%02X", red, green, blue);
	}

	private static int channel(final float level) {
		return (int) (level * 255f + 0.5f);
	}
}
