package org.scribble2label.ui;

import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.awt.GridLayout;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Path;
import java.util.Locale;

import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JFileChooser;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

import org.scribble2label.core.train.EnsembleProgress;
import org.scribble2label.core.train.EpochProgress;
import org.scribble2label.core.train.StepProgress;
import org.scribble2label.core.train.TrainingHandle;
import org.scribble2label.core.train.TrainingListener;
import org.scribble2label.core.train.TrainingStart;
import org.scribble2label.core.train.TrainingSummary;

/**
 * The window that follows a training: loss curves and pseudo-label coverage per epoch, device
 * and speed, a live preview of the pseudo-labels over the first image, and buttons to cancel,
 * to stop early and keep the model, and to save the model once there is one. Training events
 * arrive on the training thread; the window copies what it needs and updates itself on the
 * event dispatch thread, so it never slows the training nor blocks the user interface.
 */
public final class TrainingWindow implements TrainingListener {

	private final JFrame frame;
	private final LossChart chart = new LossChart();
	private final PseudoLabelPreview preview;
	private final JLabel status = new JLabel("Preparing the training…");
	private final JLabel details = new JLabel(" ");
	private final JButton cancel = new JButton("Cancel");
	private final JButton stop = new JButton("Stop and keep model");
	private final JButton save = new JButton("Save model…");
	private volatile TrainingHandle handle;
	private volatile Saver saveAction;
	private volatile String device = "";
	private volatile long startNanos;

	/**
	 * Creates and shows the window (from any thread).
	 *
	 * @param previewImage the first training image (2D) for the pseudo-label preview
	 */
	public TrainingWindow(final String title, final RandomAccessibleInterval<? extends RealType<?>> previewImage) {
		final PseudoLabelPreview[] previewHolder = new PseudoLabelPreview[1];
		final JFrame[] frameHolder = new JFrame[1];
		// Swing components are made on the event dispatch thread, as Swing requires.
		onEdtAndWait(() -> {
			previewHolder[0] = new PseudoLabelPreview(previewImage);
			frameHolder[0] = new JFrame(title);
		});
		preview = previewHolder[0];
		frame = frameHolder[0];
		onEdt(() -> {
			frame.setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
			frame.addWindowListener(new java.awt.event.WindowAdapter() {
				@Override
				public void windowClosing(final java.awt.event.WindowEvent e) {
					askBeforeClosing();
				}
			});
			status.setPreferredSize(new java.awt.Dimension(860, 18));
			final JPanel top = new JPanel(new GridLayout(2, 1));
			top.setBorder(BorderFactory.createEmptyBorder(6, 8, 6, 8));
			top.add(status);
			top.add(details);
			final JPanel centre = new JPanel(new BorderLayout(8, 0));
			centre.setBorder(BorderFactory.createEmptyBorder(0, 8, 0, 8));
			centre.add(chart, BorderLayout.CENTER);
			centre.add(preview, BorderLayout.EAST);
			final JPanel buttons = new JPanel(new FlowLayout(FlowLayout.RIGHT));
			cancel.setToolTipText("Stop now and discard the model");
			stop.setToolTipText("Finish after the current step and keep the model trained so far");
			save.setToolTipText("Save the trained model to a file of your choice");
			cancel.setEnabled(false);
			stop.setEnabled(false);
			save.setEnabled(false);
			cancel.addActionListener(e -> {
				final TrainingHandle h = handle;
				if (h != null) h.cancel();
				cancel.setEnabled(false);
				stop.setEnabled(false);
				status.setText("Cancelling after the current step…");
			});
			stop.addActionListener(e -> {
				final TrainingHandle h = handle;
				if (h != null) h.stopEarly();
				cancel.setEnabled(false);
				stop.setEnabled(false);
				status.setText("Stopping after the current step; the model will be kept…");
			});
			save.addActionListener(e -> chooseFileAndSave());
			buttons.add(cancel);
			buttons.add(stop);
			buttons.add(save);
			frame.getContentPane().add(top, BorderLayout.NORTH);
			frame.getContentPane().add(centre, BorderLayout.CENTER);
			frame.getContentPane().add(buttons, BorderLayout.SOUTH);
			frame.pack();
			frame.setLocationByPlatform(true);
			frame.setVisible(true);
		});
	}

	/** Connects the Cancel and Stop buttons to a running training. */
	public void attach(final TrainingHandle trainingHandle) {
		handle = trainingHandle;
		onEdt(() -> {
			if (!trainingHandle.isDone()) {
				cancel.setEnabled(true);
				stop.setEnabled(true);
			}
		});
	}

	/** Saves the trained model to a path the user chose. */
	@FunctionalInterface
	public interface Saver {
		void save(Path target) throws java.io.IOException;
	}

	/** Enables "Save model…" once a model exists; the saver writes it to the chosen path. */
	public void enableSaving(final Saver saver) {
		saveAction = saver;
		onEdt(() -> save.setEnabled(true));
	}

	private void chooseFileAndSave() {
		final JFileChooser chooser = new JFileChooser();
		chooser.setSelectedFile(new File("scribble2label-model.zip"));
		if (chooser.showSaveDialog(frame) != JFileChooser.APPROVE_OPTION || saveAction == null) return;
		final Path target = chooser.getSelectedFile().toPath();
		if (java.nio.file.Files.exists(target) && javax.swing.JOptionPane.showConfirmDialog(frame, target.getFileName() +
			" exists. Replace it?", "Save model", javax.swing.JOptionPane.YES_NO_OPTION) != javax.swing.JOptionPane.YES_OPTION) return;
		final Saver saver = saveAction;
		// Off the event dispatch thread: writing a model takes a moment.
		new Thread(() -> {
			try {
				saver.save(target);
				onEdt(() -> details.setText("Model saved to " + target));
			}
			catch (final java.io.IOException | RuntimeException e) {
				onEdt(() -> javax.swing.JOptionPane.showMessageDialog(frame, "Cannot save the model: " + e.getMessage(), "Save model",
					javax.swing.JOptionPane.ERROR_MESSAGE));
			}
		}, "Scribble2Label save").start();
	}

	@Override
	public void started(final TrainingStart s) {
		device = s.device;
		startNanos = System.nanoTime();
		final String text = String.format(Locale.ROOT, "%s · %d image(s) · U-Net depth %d, width %d · %s", s.device, s.images,
			s.config.depth(), s.config.baseWidth(), s.schedule);
		onEdt(() -> {
			status.setText("Training started");
			details.setText(text);
		});
	}

	@Override
	public void stepFinished(final StepProgress s) {
		final double elapsed = (System.nanoTime() - startNanos) / 1e9;
		final double remaining = s.cropsSeen > 0 ? elapsed * (s.totalCrops - s.cropsSeen) / s.cropsSeen : 0;
		final String text = String.format(Locale.ROOT, "Step %d · %d of %d crops · epoch %.1f · %s · %.1f crops/s · about %s left",
			s.step, s.cropsSeen, s.totalCrops, s.epoch, s.pseudoLabels ? "pseudo-labels on" : "warm-up (scribbles only)",
			s.cropsPerSecond, duration(remaining));
		onEdt(() -> status.setText(text));
	}

	@Override
	public void epochFinished(final EpochProgress e) {
		onEdt(() -> chart.add(e.epoch, e.meanLosses.asMap(), e.pseudoLabelCoverage));
	}

	@Override
	public void ensembleUpdated(final EnsembleProgress e) {
		if (e.averages.isEmpty()) return;
		// Rendered here, from the live arrays, which are only valid during this call.
		final BufferedImage image = preview.render(e.averages.get(0), e.tau);
		final String caption = String.format(Locale.ROOT, "Ensemble update %d: %.0f%% of unscribbled pixels consistent (τ = %.2f)",
			e.update, 100 * e.coverage, e.tau);
		onEdt(() -> preview.show(image, caption));
	}

	@Override
	public void finished(final TrainingSummary s) {
		final String text;
		switch (s.outcome) {
			case COMPLETED:
				text = "Training finished.";
				break;
			case STOPPED_EARLY:
				text = "Training stopped early; the model is kept.";
				break;
			case CANCELLED:
				text = "Training cancelled; no model.";
				break;
			default:
				text = "Training failed: " + (s.error == null ? "unknown error" : s.error.getMessage());
		}
		final String summary = String.format(Locale.ROOT, "%s · %d steps in %s · %.1f crops/s · ensemble %.0f%% of the time", device,
			s.steps, duration(s.seconds), s.cropsPerSecond, 100 * s.ensembleShare());
		onEdt(() -> {
			status.setText(text);
			details.setText(summary);
			cancel.setEnabled(false);
			stop.setEnabled(false);
		});
	}

	/** A picture of the window's content, e.g. for documentation; call from any thread but the EDT. */
	public BufferedImage snapshot() throws java.lang.reflect.InvocationTargetException, InterruptedException {
		final BufferedImage[] shot = new BufferedImage[1];
		SwingUtilities.invokeAndWait(() -> {
			final java.awt.Container content = frame.getContentPane();
			shot[0] = new BufferedImage(content.getWidth(), content.getHeight(), BufferedImage.TYPE_INT_RGB);
			content.paint(shot[0].getGraphics());
		});
		return shot[0];
	}

	/** Closing while a training runs asks whether to cancel it, stop it keeping the model, or let it run. */
	private void askBeforeClosing() {
		final TrainingHandle h = handle;
		if (h == null || h.isDone()) {
			frame.dispose();
			return;
		}
		final String[] options = { "Cancel training", "Stop and keep model", "Keep training" };
		final int choice = javax.swing.JOptionPane.showOptionDialog(frame, "The training is still running.", "Scribble2Label",
			javax.swing.JOptionPane.DEFAULT_OPTION, javax.swing.JOptionPane.QUESTION_MESSAGE, null, options, options[2]);
		if (choice == 0) h.cancel();
		if (choice == 1) h.stopEarly();
		if (choice >= 0) frame.dispose();
	}

	private static void onEdtAndWait(final Runnable r) {
		if (SwingUtilities.isEventDispatchThread()) {
			r.run();
			return;
		}
		try {
			SwingUtilities.invokeAndWait(r);
		}
		catch (final java.lang.reflect.InvocationTargetException e) {
			throw new IllegalStateException(e.getCause());
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	/** Closes the window. */
	public void close() {
		onEdt(frame::dispose);
	}

	JFrame frame() {
		return frame;
	}

	LossChart chart() {
		return chart;
	}

	JLabel status() {
		return status;
	}

	PseudoLabelPreview preview() {
		return preview;
	}

	JButton cancelButton() {
		return cancel;
	}

	JButton stopButton() {
		return stop;
	}

	JButton saveButton() {
		return save;
	}

	private static String duration(final double seconds) {
		if (seconds < 90) return Math.round(seconds) + " s";
		if (seconds < 5400) return Math.round(seconds / 60) + " min";
		return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
	}

	private static void onEdt(final Runnable r) {
		if (SwingUtilities.isEventDispatchThread()) r.run();
		else SwingUtilities.invokeLater(r);
	}
}
