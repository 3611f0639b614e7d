package org.scribble2label.fiji;

import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;

import org.scijava.ItemIO;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.UIService;

import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

import org.scribble2label.core.instance.ConnectedComponents;
import org.scribble2label.ij.InstanceRois;

/**
 * Shows where the last training's averaged prediction is not consistent, i.e. where no
 * pseudo-label is given: the pixels where a few more strokes help the model most.
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

	@Parameter(label = "Trained image", description = "An image of the last training in this session")
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
			final Scribble2LabelService.Ensemble ensemble = session.lastEnsemble();
			if (ensemble == null)
				throw new IllegalArgumentException("No Scribble2Label training has made an ensemble update in this session yet: " +
					"train first (Train from Scribbles), then ask where to scribble next.");
			final int w = image.getWidth(), h = image.getHeight(), slices = image.getNSlices();
			final ImageStack values = new ImageStack(w, h), masks = new ImageStack(w, h);
			boolean found = false;
			for (int z = 1; z <= slices; z++) {
				final Img<FloatType> average = find(ensemble, slices == 1 ? image.getTitle() : image.getTitle() + " (slice " + z + ")");
				final float[] u = new float[w * h];
				final byte[] unsure = new byte[w * h];
				if (average != null) {
					found = true;
					if (average.dimension(0) != w || average.dimension(1) != h)
						throw new IllegalArgumentException("'" + image.getTitle() + "' has changed size since the training.");
					fill(average, ensemble.tau, u, unsure);
				}
				values.addSlice("1 - max class probability", new FloatProcessor(w, h, u));
				masks.addSlice(new ByteProcessor(w, h, unsure));
			}
			if (!found)
				throw new IllegalArgumentException("'" + image.getTitle() + "' was not among the images of the last training " +
					ensemble.imageNames + ".");
			uncertainty = new ImagePlus(Scribble2LabelMenu.baseTitle(image) + " where to scribble", values);
			uncertainty.setCalibration(image.getCalibration().copy());
			uncertainty.setDisplayRange(0, 1 - ensemble.tau);
			final Img<net.imglib2.type.numeric.integer.IntType> regions = regions(masks, w, h);
			final List<Roi> rois = new java.util.ArrayList<>();
			for (int z = 0; z < slices; z++) {
				final List<Roi> slice = InstanceRois.toRois(slices == 1 ? regions : net.imglib2.view.Views.hyperSlice(regions, 2, z));
				if (slices > 1) for (final Roi r : slice)
					r.setPosition(z + 1);
				rois.addAll(slice);
			}
			unsure_regions = rois.size();
			if (as_rois) {
				rois.forEach(r -> {
					r.setName(r.getName().replace(InstanceRois.NAME_PREFIX, "unsure-"));
					r.setProperty(InstanceRois.OUTPUT_PROPERTY, "unsure regions");
				});
				if (!InstanceRois.addToRoiManager(image, rois).isPresent())
					log.info("Scribble2Label: no ROI Manager without a screen; the unsure regions are on the image's overlay.");
			}
			log.info("Scribble2Label: " + unsure_regions + " unsure region(s) of at least " + min_region_size + " pixels.");
		}
		catch (final Exception e) {
			fail(log, ui, e);
		}
	}

	private static Img<FloatType> find(final Scribble2LabelService.Ensemble ensemble, final String name) {
		final int i = ensemble.imageNames.indexOf(name);
		return i < 0 ? null : ensemble.averages.get(i);
	}

	/** 1 - max class probability; unsure where the maximum does not exceed tau. */
	private static void fill(final Img<FloatType> average, final double tau, final float[] u, final byte[] unsure) {
		final int w = (int) average.dimension(0), classes = (int) average.dimension(2);
		final RandomAccess<FloatType> a = average.randomAccess();
		for (int i = 0; i < u.length; i++) {
			float max = 0;
			for (int c = 0; c < classes; c++)
				max = Math.max(max, a.setPositionAndGet(i % w, i / w, c).get());
			u[i] = 1 - max;
			unsure[i] = max > (float) tau ? 0 : (byte) 255;
		}
	}

	/** Connected unsure regions of at least the minimum size, labelled across slices. */
	private Img<net.imglib2.type.numeric.integer.IntType> regions(final ImageStack masks, final int w, final int h) {
		final int[] all = new int[w * h * masks.getSize()];
		int next = 0;
		for (int z = 0; z < masks.getSize(); z++) {
			final byte[] m = (byte[]) masks.getPixels(z + 1);
			final boolean[] mask = new boolean[w * h];
			for (int i = 0; i < mask.length; i++)
				mask[i] = m[i] != 0;
			final int[] labels = new int[w * h];
			final int n = ConnectedComponents.label(mask, w, h, ConnectedComponents.Connectivity.EIGHT, labels);
			final int[] sizes = new int[n + 1];
			for (final int l : labels)
				sizes[l]++;
			final int[] renumbered = new int[n + 1];
			for (int i = 0; i < labels.length; i++) {
				final int l = labels[i];
				if (l == 0 || sizes[l] < min_region_size) continue;
				if (renumbered[l] == 0) renumbered[l] = ++next;
				all[z * w * h + i] = renumbered[l];
			}
		}
		return masks.getSize() == 1 ? ArrayImgs.ints(all, w, h) : ArrayImgs.ints(all, w, h, masks.getSize());
	}
}
