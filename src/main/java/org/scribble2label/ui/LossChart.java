package org.scribble2label.ui;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.util.ArrayList;
import java.util.List;

import javax.swing.JPanel;

/**
 * Loss curves per epoch (total, scribble and pseudo-label loss, log scale) and the pseudo-label
 * coverage (0–100 %, right axis). Points are added on the event dispatch thread.
 */
final class LossChart extends JPanel {

	private static final long serialVersionUID = 1L;
	static final Color TOTAL = new Color(0x1f, 0x77, 0xb4), SCRIBBLE = new Color(0xff, 0x7f, 0x0e),
		PSEUDO = new Color(0x2c, 0xa0, 0x2c), COVERAGE = new Color(0x94, 0x67, 0xbd);

	private final List<double[]> points = new ArrayList<>();

	LossChart() {
		setPreferredSize(new Dimension(520, 260));
		setBackground(Color.WHITE);
	}

	/** Adds one epoch: {epoch, total, scribble, pseudo, coverage}. */
	void add(final double epoch, final double total, final double scribble, final double pseudo, final double coverage) {
		points.add(new double[] { epoch, total, scribble, pseudo, coverage });
		repaint();
	}

	int epochs() {
		return points.size();
	}

	@Override
	protected void paintComponent(final Graphics graphics) {
		super.paintComponent(graphics);
		final Graphics2D g = (Graphics2D) graphics;
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		final int left = 56, right = 46, top = 22, bottom = 34;
		final int w = getWidth() - left - right, h = getHeight() - top - bottom;
		g.setColor(Color.GRAY);
		g.drawRect(left, top, w, h);
		g.setFont(getFont().deriveFont(Font.PLAIN, 11f));
		if (points.isEmpty()) {
			g.drawString("Loss curves appear after the first epoch.", left + 10, top + h / 2);
			return;
		}
		double maxEpoch = 1, minLoss = Double.MAX_VALUE, maxLoss = 0;
		for (final double[] p : points) {
			maxEpoch = Math.max(maxEpoch, p[0]);
			for (int k = 1; k <= 3; k++)
				if (p[k] > 0) {
					minLoss = Math.min(minLoss, p[k]);
					maxLoss = Math.max(maxLoss, p[k]);
				}
		}
		if (maxLoss == 0) maxLoss = 1;
		if (minLoss == Double.MAX_VALUE || minLoss == maxLoss) minLoss = maxLoss / 10;
		final double logMin = Math.floor(Math.log10(minLoss)), logMax = Math.ceil(Math.log10(maxLoss));
		final double span = Math.max(1e-9, logMax - logMin);
		// Axes labels.
		g.setColor(Color.DARK_GRAY);
		for (double e = logMin; e <= logMax; e++) {
			final int y = top + (int) Math.round(h * (logMax - e) / span);
			g.drawString(String.format("1e%d", (int) e), 6, y + 4);
			g.setColor(new Color(230, 230, 230));
			g.drawLine(left + 1, y, left + w - 1, y);
			g.setColor(Color.DARK_GRAY);
		}
		g.drawString("epoch " + Math.round(maxEpoch), left + w - 60, top + h + 24);
		g.drawString("0", left, top + h + 14);
		g.setColor(COVERAGE);
		g.drawString("100%", left + w + 6, top + 8);
		g.drawString("0%", left + w + 6, top + h);
		g.setStroke(new BasicStroke(1.6f));
		final Color[] colours = { TOTAL, SCRIBBLE, PSEUDO };
		for (int k = 1; k <= 4; k++) {
			g.setColor(k == 4 ? COVERAGE : colours[k - 1]);
			int px = -1, py = -1;
			for (final double[] p : points) {
				if (k < 4 && p[k] <= 0) {
					px = -1;
					continue;
				}
				final int x = left + (int) Math.round(w * p[0] / maxEpoch);
				final int y = k == 4 ? top + (int) Math.round(h * (1 - p[4]))
					: top + (int) Math.round(h * (logMax - Math.log10(p[k])) / span);
				if (px >= 0) g.drawLine(px, py, x, y);
				else g.fillOval(x - 2, y - 2, 4, 4);
				px = x;
				py = y;
			}
		}
		// Legend.
		final String[] names = { "total loss", "scribble loss", "pseudo-label loss", "pseudo-label coverage" };
		final Color[] legend = { TOTAL, SCRIBBLE, PSEUDO, COVERAGE };
		int x = left + 6;
		for (int k = 0; k < names.length; k++) {
			g.setColor(legend[k]);
			g.fillRect(x, 6, 10, 10);
			g.setColor(Color.DARK_GRAY);
			g.drawString(names[k], x + 14, 15);
			x += 16 + g.getFontMetrics().stringWidth(names[k]) + 10;
		}
	}
}
