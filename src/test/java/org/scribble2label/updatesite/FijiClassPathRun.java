package org.scribble2label.updatesite;

import java.io.File;
import java.util.HashMap;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ImageProcessor;

import org.scijava.Context;
import org.scijava.menu.MenuService;
import org.scijava.menu.ShadowMenu;
import org.scijava.module.Module;
import org.scijava.module.ModuleInfo;
import org.scijava.module.ModuleService;

/**
 * The program {@link UpdateSiteIT} starts in a fresh JVM whose class path holds only the
 * assembled update site's jars and what Fiji already ships. It finds the Scribble2Label commands
 * the way Fiji's menus do (SciJava's plugin index, then the menu tree) and runs two of them
 * headless, as {@code fiji --headless --run} would. It uses ImageJ and SciJava only, never our
 * classes directly, so that a class missing from the update site shows up as a failure here.
 * <p>
 * Prints one line per check and {@value #PASSED} at the end; exits with 1 and the reason on the
 * first failure.
 */
public final class FijiClassPathRun {

	static final String PASSED = "ALL UPDATE SITE CHECKS PASSED";

	static final String MENU = "Plugins>Segmentation>Scribble2Label>";

	static final String TRAIN = MENU + "Train from Scribbles", CONTINUE = MENU + "Continue Scribble2Label Training",
		APPLY = MENU + "Apply Scribble2Label Model", APPLY_TO_FOLDER = MENU + "Apply Scribble2Label Model to Folder";

	/** Files the parent test writes into the work folder. */
	static final String TRAINING_IMAGE = "cells.tif", TRAINING_SCRIBBLES = "cells_scribbles.tif",
		TINY_MODEL = "tiny.zip", SMALL_IMAGE = "small.tif", TRAINED_MODEL = "trained.zip";

	private FijiClassPathRun() {}

	/** @param args the work folder */
	public static void main(final String[] args) {
		try {
			run(new File(args[0]));
			System.out.println(PASSED);
			System.out.flush();
			System.exit(0);
		}
		catch (final Throwable t) {
			System.out.println("FAILED: " + t);
			t.printStackTrace(System.out);
			System.out.flush();
			System.exit(1);
		}
	}

	private static void run(final File work) throws Exception {
		final Context context = new Context();
		final ShadowMenu menus = context.service(MenuService.class).getMenu();
		for (final String path : new String[] { TRAIN, CONTINUE, APPLY, APPLY_TO_FOLDER })
			System.out.println("menu entry " + path + " runs " + command(menus, path).getDelegateClassName());

		// Train from Scribbles: a short training from a label image of scribbles, saved to a file.
		final ImagePlus cells = open(new File(work, TRAINING_IMAGE));
		final File trained = new File(work, TRAINED_MODEL);
		final Map<String, Object> training = new HashMap<>();
		training.put("image", cells);
		training.put("scribbles", "Label image");
		training.put("labeling_file", "");
		training.put("scribble_labels", new File(work, TRAINING_SCRIBBLES).getPath()); // by file: no image is open
		training.put("training_crops", 16);
		training.put("warmup_crops", 8);
		training.put("device", "CPU");
		training.put("show_window", false);
		training.put("overwrite", true);
		training.put("model_file", trained);
		final Module trainModule = run(context, command(menus, TRAIN), training);
		require(trained.length() > 0, "Train from Scribbles saved no model to " + trained);
		final ImagePlus trainedLabels = (ImagePlus) trainModule.getOutput("labels");
		require(trainedLabels != null && trainedLabels.getWidth() == cells.getWidth() &&
			trainedLabels.getHeight() == cells.getHeight(), "Train from Scribbles returned no label image of the image's size");
		System.out.println("trained a model: " + trained.length() + " bytes");

		// Apply Scribble2Label Model: a known tiny model on the image it was trained on.
		final ImagePlus small = open(new File(work, SMALL_IMAGE));
		final Map<String, Object> applying = new HashMap<>();
		applying.put("image", small);
		applying.put("model_file", new File(work, TINY_MODEL));
		applying.put("min_object_size", 4);
		applying.put("device", "CPU");
		final Module applyModule = run(context, command(menus, APPLY), applying);
		final ImagePlus probabilities = (ImagePlus) applyModule.getOutput("probabilities");
		final ImagePlus labels = (ImagePlus) applyModule.getOutput("labels");
		final ImagePlus instances = (ImagePlus) applyModule.getOutput("instances");
		require(probabilities != null && labels != null && instances != null, "Apply Scribble2Label Model returned no images");
		require(probabilities.getNChannels() == 2, "expected 2 probability channels, got " + probabilities.getNChannels());
		require(labels.getWidth() == small.getWidth() && labels.getHeight() == small.getHeight(),
			"the label image does not have the image's size");
		final ImageProcessor classes = labels.getProcessor();
		final ImageProcessor foreground = probabilities.getStack().getProcessor(2);
		long foregroundPixels = 0;
		for (int i = 0; i < classes.getPixelCount(); i++) {
			final boolean isForeground = classes.get(i) == 1;
			require(isForeground == foreground.getf(i) > 0.5f, "class labels and probabilities disagree at pixel " + i);
			if (isForeground) foregroundPixels++;
		}
		require(foregroundPixels > 0, "the tiny model found no foreground");
		require(instances.getProcessor().getStatistics().max >= 1, "no instances found");
		System.out.println("applied a model: " + foregroundPixels + " foreground pixels, " +
			(int) instances.getProcessor().getStatistics().max + " objects");
		context.dispose();
	}

	/** The command behind a menu entry, as Fiji's menu bar would find it. */
	private static ModuleInfo command(final ShadowMenu menus, final String path) {
		final ShadowMenu entry = menus.getMenu(path);
		require(entry != null && entry.getModuleInfo() != null, "No menu entry " + path + ": the plugin index of the " +
			"update site's jar does not list it");
		return entry.getModuleInfo();
	}

	/** Runs a command with pre- and post-processing, as Fiji's headless --run does. */
	private static Module run(final Context context, final ModuleInfo info, final Map<String, Object> inputs)
		throws Exception
	{
		final Module module = context.service(ModuleService.class).run(info, true, inputs).get();
		if (module instanceof org.scijava.Cancelable && ((org.scijava.Cancelable) module).isCanceled())
			throw new IllegalStateException(info.getTitle() + " was cancelled: " +
				((org.scijava.Cancelable) module).getCancelReason());
		return module;
	}

	private static ImagePlus open(final File file) {
		final ImagePlus image = IJ.openImage(file.getPath());
		require(image != null, "cannot open " + file);
		return image;
	}

	private static void require(final boolean condition, final String message) {
		if (!condition) throw new AssertionError(message);
	}
}
