package org.scribble2label.fiji;

import java.io.File;
import java.util.Locale;

import ij.ImagePlus;

import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.UIService;

import org.scribble2label.core.Scribbles;
import org.scribble2label.io.labkit.LabelingFile;
import org.scribble2label.io.labkit.LabelingTiff;
import org.scribble2label.io.labkit.PixelCalibration;

/**
 * Saves the scribbles drawn as ROIs as a Labkit labeling: a .labeling file (JSON), or a .tif
 * with its .tif.labels companion. Labkit opens "image.tif.labeling" next to "image.tif" by itself.
 */
@Plugin(type = org.scijava.command.Command.class, headless = true,
	menuPath = Scribble2LabelMenu.ROOT + "Export Scribbles to Labkit")
public class ExportScribblesCommand extends CancelableCommand {

	@Parameter
	private LogService log;

	@Parameter
	private UIService ui;

	@Parameter(label = "Image")
	private ImagePlus image;

	@Parameter(label = "Scribbles from", choices = { "ROI Manager", "Overlay" })
	private String scribbles = "ROI Manager";

	@Parameter(label = "Labeling file", style = "save, extensions:labeling/tif")
	private File labeling_file;

	// Never remembered: replacing files must be asked for every time.
	@Parameter(label = "Overwrite an existing file", persist = false)
	private boolean overwrite = false;

	@Override
	public void run() {
		try {
			final Scribbles read = ScribbleSource.of(scribbles).read(image, "", null);
			read.warnings().forEach(w -> log.warn("Scribble2Label: " + w));
			final PixelCalibration calibration = PixelCalibration.of(image.getCalibration());
			final String name = labeling_file.getName().toLowerCase(Locale.ROOT);
			if (name.endsWith(".tif") || name.endsWith(".tiff"))
				LabelingTiff.write(read, labeling_file.toPath(), calibration, overwrite);
			else LabelingFile.write(read, labeling_file.toPath(), calibration, overwrite);
			log.info("Scribble2Label: saved " + read.classNames().size() + " classes of scribbles to " + labeling_file);
		}
		catch (final Exception e) {
			fail(log, ui, e);
		}
	}
}
