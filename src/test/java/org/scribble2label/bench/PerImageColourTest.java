package org.scribble2label.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;

import org.scribble2label.core.SyntheticImages;
import org.scribble2label.core.TrainingOptions;

/** The per-image protocol on a colour image: the automatic start fine-tunes the histology starter, as Fiji does. */
class PerImageColourTest {

	@Test
	void aColourImageFineTunesTheHistologyStarterWhateverChannelsItTakes(@TempDir final Path folder) throws Exception {
		final Path val = Files.createDirectories(folder.resolve("val"));
		final SyntheticImages s = SyntheticImages.create(64, 21);
		final ColorProcessor image = new ColorProcessor(64, 64);
		final ByteProcessor mask = new ByteProcessor(64, 64);
		final float[] pixels = s.image.update(null).getCurrentStorageArray();
		final byte[] truth = s.mask.update(null).getCurrentStorageArray();
		for (int p = 0; p < pixels.length; p++) {
			// Stained nuclei: dark purple on a pale pink background.
			final int v = Math.max(0, Math.min(255, Math.round(pixels[p])));
			image.set(p, (255 - v / 2) << 16 | (255 - v) << 8 | (255 - v / 3));
			mask.set(p, truth[p]);
		}
		new FileSaver(new ImagePlus("val-0", image)).saveAsPng(val.resolve("val-0.png").toString());
		new FileSaver(new ImagePlus("val-0", mask)).saveAsPng(val.resolve("val-0_mask.png").toString());
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		new PerImageBenchmark(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(folder, 0.5,
			new TrainingOptions().set(TrainingOptions.Option.CROPS, 32), 1);
		final String output = bytes.toString(StandardCharsets.UTF_8);
		assertTrue(output.lines().anyMatch(l -> l.startsWith("val-0\t") && l.endsWith("\thistology")), output);
		assertTrue(output.contains("mean of 1 images"), output);
	}
}
