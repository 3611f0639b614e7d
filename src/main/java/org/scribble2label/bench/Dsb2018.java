package org.scribble2label.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

import org.scribble2label.ij.ImagePlusAdapter;
import org.scribble2label.io.ImageFiles;
import org.scribble2label.io.ImageFolder;

/**
 * A folder of images NAME.png with instance ground truth NAME_mask.png (the DSB2018 layout),
 * read in name order.
 */
final class Dsb2018 {

	static final class Sample {
		final String name;
		final Img<? extends RealType<?>> image;
		final Img<? extends RealType<?>> truth;
		/** An RGB image: its red, green and blue are the network's three input channels. */
		final boolean colour;

		Sample(final String name, final Img<? extends RealType<?>> image, final Img<? extends RealType<?>> truth,
			final boolean colour)
		{
			this.name = name;
			this.image = image;
			this.truth = truth;
			this.colour = colour;
		}
	}

	private Dsb2018() {}

	/** @param limit at most this many samples (0 = all), taken in name order */
	static List<Sample> read(final Path folder, final int limit) throws IOException {
		if (!Files.isDirectory(folder))
			throw new IllegalArgumentException("No data folder " + folder + " (images NAME.png with NAME_mask.png).");
		final List<Sample> samples = new ArrayList<>();
		// DSB2018's names are hashes of equal length: the order of the images is that of their masks.
		for (final Path image : ImageFolder.images(folder, "*.png")) {
			if (limit > 0 && samples.size() >= limit) break;
			final Path mask = image.resolveSibling(ImageFolder.baseName(image) + ImageFolder.MASK + ".png");
			if (!Files.isRegularFile(mask)) continue;
			final ij.ImagePlus imp = ImageFiles.read(image);
			final boolean colour = imp.getType() == ij.ImagePlus.COLOR_RGB;
			samples.add(new Sample(ImageFolder.baseName(image), colour ? ImagePlusAdapter.rgbChannels(imp) : ImagePlusAdapter.wrap(imp),
				ImagePlusAdapter.wrap(ImageFiles.read(mask)), colour));
		}
		if (samples.isEmpty()) throw new IllegalArgumentException("No NAME_mask.png ground truth in " + folder + ".");
		return samples;
	}
}
