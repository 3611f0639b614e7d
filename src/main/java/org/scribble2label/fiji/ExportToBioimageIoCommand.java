package org.scribble2label.fiji;

import java.io.File;

import ij.ImagePlus;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.UIService;

import org.scribble2label.core.DeviceChoice;
import org.scribble2label.core.model.BioimageIoExport;
import org.scribble2label.core.model.Scribble2LabelModel;
import org.scribble2label.ij.ModelInput;

/**
 * Saves a model as a bioimage.io model package (ONNX weights, rdf.yaml, test input and output),
 * which deepImageJ, JDLL, QuPath and other bioimage.io tools run. The current image gives the
 * package's test input: its top-left tile (of a first slice, for a stack).
 */
@Plugin(type = Command.class, headless = true, menuPath = Scribble2LabelMenu.ROOT + "Export Model to bioimage.io")
public class ExportToBioimageIoCommand extends CancelableCommand {

	@Parameter
	private LogService log;

	@Parameter
	private UIService ui;

	@Parameter(label = "Test image", description = "An image like those the model is for; its top-left tile is the test input")
	private ImagePlus image;

	@Parameter(label = "Model file", style = "open, extensions:zip")
	private File model_file;

	@Parameter(label = "Channel (0 = all)", min = "0", persist = false, description = "The channel the model was trained on, or 0 for all")
	private int channel = 0;

	@Parameter(label = "Model name", description = "Shown by the tools that open the package")
	private String model_name = "Scribble2Label model";

	@Parameter(label = "Save package as", style = "save, extensions:zip")
	private File package_file;

	// Never remembered: replacing files must be asked for every time.
	@Parameter(label = "Overwrite an existing package", persist = false)
	private boolean overwrite = false;

	@Override
	public void run() {
		try {
			EngineSetup.ensure(ui);
			try (Scribble2LabelModel model = Scribble2LabelModel.load(model_file.toPath(), DeviceChoice.CPU)) {
				RandomAccessibleInterval<? extends RealType<?>> input = ModelInput.input(image, channel, model);
				if (image.getNSlices() > 1) input = Views.hyperSlice(input, input.numDimensions() - 1, input.min(input.numDimensions() - 1));
				BioimageIoExport.write(model, input, model_name, package_file.toPath(), overwrite);
			}
			log.info("Scribble2Label: saved the bioimage.io package " + package_file + " (ONNX weights).");
		}
		catch (final Exception e) {
			fail(log, ui, e);
		}
	}
}
