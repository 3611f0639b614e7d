package org.scribble2label.fiji;

import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;

import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.DialogPrompt;
import org.scijava.ui.UIService;

import org.scribble2label.core.Scribbles;
import org.scribble2label.io.labkit.LabelingFile;
import org.scribble2label.io.labkit.PixelCalibration;

/**
 * Opens the image in Labkit (when installed) with the scribbles drawn as ROIs, for painting
 * with Labkit's brushes. The round trip: the scribbles go to the image's path + ".labeling",
 * which Labkit opens by itself; the user paints and saves (Ctrl+S, same file); "Train from
 * Scribbles" with "Labkit labeling file" reads it back. Labkit is run by its class name: the
 * plugin does not depend on Labkit.
 */
@Plugin(type = org.scijava.command.Command.class, menuPath = Scribble2LabelMenu.ROOT + "Open in Labkit")
public class OpenInLabkitCommand extends CancelableCommand {

	/** Labkit's "Open Current Image With Labkit" command. */
	static final String LABKIT_COMMAND = "sc.fiji.labkit.ui.plugin.LabkitPlugin";

	@Parameter
	private LogService log;

	@Parameter
	private UIService ui;

	@Parameter
	private CommandService commands;

	@Parameter(label = "Image", description = "Must have been opened from (or saved to) a file")
	private ImagePlus image;

	@Parameter(label = "Scribbles to take along", choices = { "ROI Manager", "Overlay", "none" })
	private String scribbles = "ROI Manager";

	// Never remembered: replacing files must be asked for every time.
	@Parameter(label = "Replace an existing Labkit labeling", persist = false)
	private boolean replace_existing = false;

	@Override
	public void run() {
		try {
			final CommandInfo labkit = commands.getCommand(LABKIT_COMMAND);
			if (labkit == null)
				throw new IllegalArgumentException("Labkit is not installed. In Fiji: Help > Update… > Manage update sites, " +
					"tick 'Labkit', apply and restart. Or export the scribbles (Export Scribbles to Labkit) and open them " +
					"in a Fiji that has Labkit.");
			final Path labeling = ScribbleSource.defaultLabeling(image);
			if (!scribbles.equals("none")) {
				if (Files.exists(labeling) && !replace_existing) {
					log.info("Scribble2Label: " + labeling + " exists and is opened as it is; tick 'Replace an existing Labkit " +
						"labeling' to replace it with the ROIs.");
				}
				else {
					final Scribbles read = ScribbleSource.of(scribbles).read(image, "", null);
					read.warnings().forEach(w -> log.warn("Scribble2Label: " + w));
					LabelingFile.write(read, labeling, PixelCalibration.of(image.getCalibration()), true);
				}
			}
			// Labkit opens the active image.
			if (!ui.isHeadless() && !java.awt.GraphicsEnvironment.isHeadless()) image.show();
			commands.run(labkit, true).get();
			final String roundTrip = "Labkit opens " + labeling.getFileName() + " next to the image. Paint or correct the " +
				"scribbles (first label = background), save with Ctrl+S, then run Train from Scribbles with scribbles " +
				"from 'Labkit labeling file'.";
			log.info("Scribble2Label: " + roundTrip);
			if (!ui.isHeadless()) ui.showDialog(roundTrip, "Scribble2Label and Labkit", DialogPrompt.MessageType.INFORMATION_MESSAGE);
		}
		catch (final Exception e) {
			fail(log, ui, e);
		}
	}
}
