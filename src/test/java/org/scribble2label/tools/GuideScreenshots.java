package org.scribble2label.tools;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import javax.imageio.ImageIO;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;

import org.scribble2label.core.Scribbles;
import org.scribble2label.core.TrainingConfig;
import org.scribble2label.core.TrainingImage;
import org.scribble2label.core.instance.InstanceSegmentation;
import org.scribble2label.core.model.Scribble2LabelModel;
import org.scribble2label.core.predict.Prediction;
import org.scribble2label.core.train.Scribble2LabelTrainer;
import org.scribble2label.core.train.TrainingHandle;
import org.scribble2label.ij.ImagePlusAdapter;
import org.scribble2label.ij.InstanceRois;
import org.scribble2label.ij.OutputImages;
import org.scribble2label.ui.TrainingWindow;

/**
 * Made the user guide's pictures (docs/images): the demo image with its scribbles, the training
 * window during a real training on it, and the results. Needs a display (xvfb-run). Run by hand:
 * {@code xvfb-run java -cp ... org.scribble2label.tools.GuideScreenshots docs/images}. Not a test.
 */
public final class GuideScreenshots {

	public static void main(final String[] args) throws Exception {
		System.setProperty("ai.djl.offline", "true");
		final Path out = Files.createDirectories(Paths.get(args[0]));
		final String demo = "src/main/resources/org/scribble2label/demo/";
		final ImagePlus image = IJ.openImage(demo + "nuclei.png");
		image.setTitle("nuclei.png");
		final ImagePlus scribbleImage = IJ.openImage(demo + "nuclei_scribbles.png");
		final Scribbles scribbles = Scribbles.fromLabelImage(ImagePlusAdapter.wrap(scribbleImage), null);

		// 1. The image with its scribbles, drawn as they look as ROIs (blue background, red cells).
		final ImagePlus drawn = image.duplicate();
		IJ.run(drawn, "Enhance Contrast", "saturated=0.35");
		drawn.setOverlay(scribbleOverlay(scribbleImage));
		ImageIO.write(drawn.flatten().getBufferedImage(), "png", new File(out.toFile(), "scribbles.png"));

		// 2. The training window, half-way through a real training.
		final TrainingWindow window = new TrainingWindow("Scribble2Label: nuclei.png", ImagePlusAdapter.wrap(image));
		final TrainingHandle handle = new Scribble2LabelTrainer(TrainingConfig.fastCpu()).listener(window)
			.start(scribbles.trainingImages("nuclei.png", ImagePlusAdapter.wrap(image), 1));
		window.attach(handle);
		Thread.sleep(Long.parseLong(args.length > 1 ? args[1] : "75") * 1000);
		ImageIO.write(window.snapshot(), "png", new File(out.toFile(), "training-window.png"));

		// 3. The results of the finished training: instance outlines over the image.
		try (Scribble2LabelModel model = handle.await().model()) {
			final Prediction prediction = model.predict(ImagePlusAdapter.wrap(image));
			final ImagePlus instances = OutputImages.instances(InstanceSegmentation.defaults().apply(prediction.labels()),
				"nuclei", image.getCalibration());
			ImageIO.write(instances.flatten().getBufferedImage(), "png", new File(out.toFile(), "instances.png"));
			final ImagePlus outlined = image.duplicate();
			IJ.run(outlined, "Enhance Contrast", "saturated=0.35");
			final Overlay overlay = new Overlay();
			final List<Roi> rois = InstanceRois.toRois(InstanceSegmentation.defaults().apply(prediction.labels()));
			for (final Roi r : rois) {
				r.setStrokeColor(java.awt.Color.YELLOW);
				overlay.add(r);
			}
			outlined.setOverlay(overlay);
			ImageIO.write(outlined.flatten().getBufferedImage(), "png", new File(out.toFile(), "results.png"));
		}
		window.close();
		System.exit(0);
	}

	private static Overlay scribbleOverlay(final ImagePlus scribbles) {
		final Overlay overlay = new Overlay();
		for (final int value : new int[] { 1, 2 }) {
			final ImagePlus mask = scribbles.duplicate();
			IJ.setThreshold(mask, value, value);
			final Roi roi = ij.plugin.filter.ThresholdToSelection.run(mask);
			roi.setFillColor(value == 1 ? new java.awt.Color(0, 120, 255) : new java.awt.Color(255, 40, 40));
			overlay.add(roi);
		}
		return overlay;
	}
}
