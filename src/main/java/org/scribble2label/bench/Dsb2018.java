package org.scribble2label.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

import org.scribble2label.ij.ImagePlusAdapter;
import org.scribble2label.io.ImageFiles;

/**
 * A folder of images NAME.png with instance ground truth NAME_mask.png (the DSB2018 layout),
 * read in name order.
 */
final class Dsb2018 {

	static final class Sample {
		final String name;
		final Img<? extends RealType<?>> image;
		final Img<? extends RealType<?>> truth;

		Sample(final String name, final Img<? extends RealType<?>> image, final Img<? extends RealType<?>> truth) {
			this.name = name;
			this.image = image;
			this.truth = truth;
		}
	}

	private Dsb2018() {}

	/** @param limit at most this many samples (0 = all), taken in name order */
	static List<Sample> read(final Path folder, final int limit) throws IOException {
		if (!Files.isDirectory(folder))
			throw new IllegalArgumentException("No data folder " + folder + " (images NAME.png with NAME_mask.png).");
		final List<Path> masks;
		try (Stream<Path> files = Files.list(folder)) {
			masks = files.filter(f -> f.getFileName().toString().endsWith("_mask.png")).sorted().collect(Collectors.toList());
		}
		final List<Sample> samples = new ArrayList<>();
		for (final Path mask : masks) {
			if (limit > 0 && samples.size() >= limit) break;
			final String name = mask.getFileName().toString().replace("_mask.png", "");
			final Path image = mask.resolveSibling(name + ".png");
			samples.add(new Sample(name, ImagePlusAdapter.wrap(ImageFiles.read(image)), ImagePlusAdapter.wrap(ImageFiles.read(mask))));
		}
		if (samples.isEmpty()) throw new IllegalArgumentException("No NAME_mask.png ground truth in " + folder + ".");
		return samples;
	}
}
