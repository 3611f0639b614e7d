package org.scribble2label.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The chart draws a curve for every loss it is given, whatever its name (no window needed). */
class LossChartTest {

	private static Map<String, Double> losses(final double... values) {
		final String[] names = { "total", "scribble", "pseudo-label", "foreground share" };
		final Map<String, Double> map = new LinkedHashMap<>();
		for (int i = 0; i < values.length; i++)
			map.put(names[i], values[i]);
		return map;
	}

	@Test
	void drawsEveryNamedTerm() {
		final LossChart chart = new LossChart();
		chart.add(1, losses(0.9, 0.9, 0), 0);
		chart.add(2, losses(0.5, 0.3, 0.2, 0.4), 0.3);
		assertEquals(List.of("total", "scribble", "pseudo-label", "foreground share"), chart.curves());
		chart.setSize(520, 260);
		final BufferedImage image = new BufferedImage(520, 260, BufferedImage.TYPE_INT_RGB);
		final Graphics2D g = image.createGraphics();
		chart.paint(g);
		g.dispose();
		// The fourth loss curve has its own colour in the legend and the plot.
		final int colour = LossChart.LOSS_COLOURS[3].getRGB();
		boolean found = false;
		for (int y = 0; y < image.getHeight() && !found; y++)
			for (int x = 0; x < image.getWidth() && !found; x++)
				found = image.getRGB(x, y) == colour;
		assertTrue(found, "the fourth curve is drawn");
		assertEquals(2, chart.epochs());
	}
}
