package org.scribble2label.fiji;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.process.FloatProcessor;

import org.scijava.ItemIO;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.UIService;

import net.imglib2.img.array.ArrayImgs;

import org.scribble2label.core.train.TrainingEnsemble;
import org.scribble2label.ij.InstanceRois;

/**
 * Shows where the last training's averaged prediction is not consistent, i.e. where no
 * pseudo-label is given: the pixels where a few more strokes help the model most. The final
 * ensemble comes from the training's result (see {@link Scribble2LabelService}); the arithmetic
 * is {@link TrainingEnsemble}'s.
 */
@Plugin(type = org.scijava.command.Command.class, headless = true,
	menuPath = Scribble2LabelMenu.ROOT + "Where to Scribble Next")
public class WhereToScribbleNextCommand extends CancelableCommand {

	@Parameter
	private LogService log;

	@Parameter
	private UIService ui;

	@Parameter
	private Scribble2LabelService session;

	@Parameter(label = "Trained image", description = "The image of the last training in this session")
	private ImagePlus image;

	@Parameter(label = "Add unsure regions as ROIs")
	private boolean as_rois = false;

	@Parameter(label = "Smallest region (pixels)", min = "1")
	private int min_region_size = 20;

	@Parameter(type = ItemIO.OUTPUT, label = "Uncertainty")
	private ImagePlus uncertainty;

	@Parameter(type = ItemIO.OUTPUT, label = "Unsure regions")
	private int unsure_regions;

	@Override
	public void run() {
		try {
			final Scribble2LabelService.LastTraining last = session.lastTraining();
			if (last == null)
				throw new IllegalArgumentException("No Scribble2Label training has finished with an ensemble update in this " +
					"session yet: train first (Train from Scribbles), then ask where to scribble next.");
			if (last.imageId != image.getID())
				throw new IllegalArgumentException("'" + image.getTitle() + "' was not the image of the last training ('" +
					last.imageTitle + "'): run Where to Scribble Next on that image, or train on this one first.");
			final TrainingEnsemble ensemble = last.ensemble;
			final int w = image.getWidth(), h = image.getHeight(), slices = image.getNSlices();
			final ImageStack values = new ImageStack(w, h);
			final List<boolean[]> masks = new ArrayList<>();
			for (int z = 1; z <= slices; z++) {
				final int index = last.indexOfSlice(z);
				if (index >= 0 && (ensemble.width(index) != w || ensemble.height(index) != h))
					throw new IllegalArgumentException("'" + image.getTitle() + "' has changed size since the training.");
				// Slices without scribbles were not trained on: nothing to show there.
				values.addSlice("1 - max class probability", new FloatProcessor(w, h, index < 0 ? new float[w * h]
					: ensemble.uncertainty(index)));
				masks.add(index < 0 ? new boolean[w * h] : ensemble.unsure(index));
			}
			uncertainty = new ImagePlus(Scribble2LabelMenu.baseTitle(image) + " where to scribble", values);
			uncertainty.setCalibration(image.getCalibration().copy());
			uncertainty.setDisplayRange(0, 1 - ensemble.tau());
			final List<int[]> regions = TrainingEnsemble.regions(masks, w, h, min_region_size);
			final List<Roi> rois = new ArrayList<>();
			for (int z = 0; z < slices; z++) {
				final List<Roi> slice = InstanceRois.toRois(ArrayImgs.ints(regions.get(z), w, h));
				for (final Roi r : slice) {
					r.setName(r.getName().replace(InstanceRois.NAME_PREFIX, "unsure-"));
					r.setProperty(InstanceRois.OUTPUT_PROPERTY, "unsure regions");
					if (slices > 1) r.setPosition(z + 1);
				}
				rois.addAll(slice);
			}
			unsure_regions = rois.size();
			if (as_rois && !InstanceRois.addToRoiManager(image, rois).isPresent())
				log.info("Scribble2Label: no ROI Manager without a screen; the unsure regions are on the image's overlay.");
			log.info("Scribble2Label: " + unsure_regions + " unsure region(s) of at least " + min_region_size + " pixels.");
		}
		catch (final Exception e) {
			fail(log, ui, e);
		}
	}
}
