package org.scribble2label.ij;

import java.util.List;

import ij.ImagePlus;
import ij.measure.Calibration;
import ij.process.LUT;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;

import org.scribble2label.core.predict.Prediction;

/**
 * Predictions as ImageJ images: titles, calibration of the source image, lookup tables, and
 * the class names on the slices of probability maps.
 */
public final class OutputImages {

	private OutputImages() {}

	/** Class index per pixel (8-bit, 0 = background), with a distinct colour per class. */
	public static ImagePlus labels(final Prediction prediction, final String sourceTitle, final Calibration calibration) {
		final ImagePlus imp = ImagePlusAdapter.toImagePlus(prediction.labels(), sourceTitle + " labels", calibration);
		imp.setLut(glasbey());
		imp.setDisplayRange(0, 255);
		return imp;
	}

	/** 8-bit mask: 255 where any object class was predicted, 0 on the background (ImageJ's binary convention). */
	public static ImagePlus mask(final Prediction prediction, final String sourceTitle, final Calibration calibration) {
		final ImagePlus imp = ImagePlusAdapter.toImagePlus(prediction.labels(), sourceTitle + " mask", calibration);
		imp.setStack(imp.getStack().duplicate());
		for (int i = 1; i <= imp.getStackSize(); i++) {
			final byte[] pixels = (byte[]) imp.getStack().getPixels(i);
			for (int p = 0; p < pixels.length; p++)
				pixels[p] = pixels[p] != 0 ? (byte) 255 : 0;
		}
		return imp;
	}

	/** 32-bit probabilities, one channel per class (named), and Z slices for a stack. */
	public static ImagePlus probabilities(final Prediction prediction, final List<String> classNames, final String sourceTitle,
		final Calibration calibration)
	{
		final ImagePlus imp = ImagePlusAdapter.toImagePlus(prediction.probabilities(), sourceTitle + " probabilities",
			calibration);
		final int classes = prediction.classes();
		final int slices = imp.getStackSize() / classes;
		for (int i = 1; i <= imp.getStackSize(); i++)
			imp.getStack().setSliceLabel(classNames.get((i - 1) % classes), i);
		imp.setDimensions(classes, slices, 1);
		imp.setOpenAsHyperStack(imp.getStackSize() > 1);
		imp.setDisplayRange(0, 1);
		return imp;
	}

	/** Instance labels (8, 16 or 32-bit by count), each object in its own colour. */
	public static ImagePlus instances(final RandomAccessibleInterval<? extends IntegerType<?>> instances,
		final String sourceTitle, final Calibration calibration)
	{
		final ImagePlus imp = ImagePlusAdapter.toImagePlus(instances, sourceTitle + " instances", calibration);
		imp.setLut(glasbey());
		int max = 0;
		for (final IntegerType<?> t : net.imglib2.view.Views.iterable(instances))
			max = Math.max(max, t.getInteger());
		imp.setDisplayRange(0, imp.getBitDepth() == 8 ? 255 : Math.max(255, max));
		return imp;
	}

	/**
	 * A Glasbey-like lookup table: black for 0, then colours that differ strongly from their
	 * neighbours (golden-angle hue steps over a few saturation and brightness levels).
	 */
	public static LUT glasbey() {
		final byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		for (int i = 1; i < 256; i++) {
			final float hue = (float) ((i * 0.6180339887498949) % 1.0);
			final float saturation = new float[] { 1f, 0.6f, 0.85f }[i % 3];
			final float brightness = new float[] { 1f, 0.75f, 0.9f, 0.6f }[i % 4];
			final int rgb = java.awt.Color.HSBtoRGB(hue, saturation, brightness);
			r[i] = (byte) (rgb >> 16);
			g[i] = (byte) (rgb >> 8);
			b[i] = (byte) rgb;
		}
		return new LUT(r, g, b);
	}
}
