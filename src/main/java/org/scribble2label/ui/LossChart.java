package org.scribble2label.ui;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.swing.JPanel;

/**
 * Loss curves per epoch (the total and every named term of the objective, log scale) and the
 * pseudo-label coverage (0–100 %, right axis). Points are added on the event dispatch thread.
 */
final class LossChart extends JPanel {

	private static final long serialVersionUID = 1L;
	/** Colours of the curves in the order of the terms: total, scribble, pseudo-label, then any others. */
	static final Color[] LOSS_COLOURS = { new Color(0x1f, 0x77, 0xb4), new Color(0xff, 0x7f, 0x0e), new Color(0x2c, 0xa0, 0x2c),
		new Color(0xd6, 0x27, 0x28), new Color(0x8c, 0x56, 0x4b), new Color(0xe3, 0x77, 0xc2), new Color(0x7f, 0x7f, 0x7f) };
	static final Color COVERAGE = new Color(0x94, 0x67, 0xbd);

	private final List<Point> points = new ArrayList<>();
	/** Every loss name seen, in order of appearance: the total first, then the terms. */
	private final Set<String> names = new LinkedHashSet<>();

	private static final class Point {
		final double epoch;
		final Map<String, Double> losses;
		final double coverage;

		Point(final double epoch, final Map<String, Double> losses, final double coverage) {
			this.epoch = epoch;
			this.losses = losses;
			this.coverage = coverage;
		}

		/** The loss of a curve, or 0 (not drawn) where the epoch did not report it. */
		double loss(final String name) {
			return losses.getOrDefault(name, 0.0);
		}
	}

	LossChart() {
		setPreferredSize(new Dimension(520, 260));
		setBackground(Color.WHITE);
	}

	/** Adds one epoch: the total and each term by name, and the coverage (0..1). */
	void add(final double epoch, final Map<String, Double> losses, final double coverage) {
		points.add(new Point(epoch, losses, coverage));
		names.addAll(losses.keySet());
		repaint();
	}

	/** The curves' names: the total first, then the terms. */
	List<String> curves() {
		return new ArrayList<>(names);
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
		for (final Point p : points) {
			maxEpoch = Math.max(maxEpoch, p.epoch);
			for (final double loss : p.losses.values())
				if (loss > 0) {
					minLoss = Math.min(minLoss, loss);
					maxLoss = Math.max(maxLoss, loss);
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
		final List<String> curves = curves();
		for (int k = 0; k <= curves.size(); k++) {
			final boolean coverage = k == curves.size();
			g.setColor(coverage ? COVERAGE : colour(k));
			int px = -1, py = -1;
			for (final Point p : points) {
				final double value = coverage ? p.coverage : p.loss(curves.get(k));
				if (!coverage && value <= 0) {
					px = -1;
					continue;
				}
				final int x = left + (int) Math.round(w * p.epoch / maxEpoch);
				final int y = coverage ? top + (int) Math.round(h * (1 - value))
					: top + (int) Math.round(h * (logMax - Math.log10(value)) / span);
				if (px >= 0) g.drawLine(px, py, x, y);
				else g.fillOval(x - 2, y - 2, 4, 4);
				px = x;
				py = y;
			}
		}
		// Legend.
		int x = left + 6;
		for (int k = 0; k <= curves.size(); k++) {
			final String label = k == curves.size() ? "pseudo-label coverage" : curves.get(k) + " loss";
			g.setColor(k == curves.size() ? COVERAGE : colour(k));
			g.fillRect(x, 6, 10, 10);
			g.setColor(Color.DARK_GRAY);
			g.drawString(label, x + 14, 15);
			x += 16 + g.getFontMetrics().stringWidth(label) + 10;
		}
	}

	private static Color colour(final int curve) {
		return LOSS_COLOURS[curve % LOSS_COLOURS.length];
	}
}
