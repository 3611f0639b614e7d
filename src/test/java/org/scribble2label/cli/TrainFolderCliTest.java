package org.scribble2label.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.scribble2label.core.DeviceChoice;
import org.scribble2label.core.Scribbles;
import org.scribble2label.core.SyntheticImages;
import org.scribble2label.core.model.Scribble2LabelModel;
import org.scribble2label.ij.ImagePlusAdapter;
import org.scribble2label.io.labkit.LabelingFile;

/** {@code train --folder} reads the scribble forms Fiji reads: label images and Labkit labelings, with their class names. */
class TrainFolderCliTest {

	@Test
	void labkitLabelingsAndLabelImagesTrainOneModel(@TempDir final Path dir) throws IOException {
		final Path folder = Files.createDirectories(dir.resolve("tf"));
		final SyntheticImages a = SyntheticImages.create(64, 5), b = SyntheticImages.create(64, 6);
		PredictOutputsTest.save(ImagePlusAdapter.toImagePlus(a.image, "a", null), folder.resolve("a.tif"));
		// a.tif's scribbles as Labkit saves them beside the image, with the objects named "nucleus".
		LabelingFile.write(Scribbles.fromLabelImage(a.scribbles, List.of("background", "nucleus")),
			LabelingFile.defaultLabelingPath(folder.resolve("a.tif")), null, false);
		PredictOutputsTest.save(ImagePlusAdapter.toImagePlus(b.image, "b", null), folder.resolve("b.tif"));
		PredictOutputsTest.save(ImagePlusAdapter.toImagePlus(b.scribbles, "b scribbles", null), folder.resolve("b_scribbles.tif"));
		PredictOutputsTest.save(ImagePlusAdapter.toImagePlus(b.image, "c", null), folder.resolve("c.tif"));
		final Path model = dir.resolve("m.zip");
		final PredictOutputsTest.Result r = PredictOutputsTest.cli(PredictOutputsTest.concat(new String[] { "train", "--folder",
			folder.toString(), "--model", model.toString() }, PredictOutputsTest.TINY));
		assertEquals(0, r.code, r.out);
		assertTrue(r.out.contains("Skipped c.tif: no c_scribbles.tif and no c.tif.labeling"), r.out);
		try (Scribble2LabelModel m = Scribble2LabelModel.load(model, DeviceChoice.CPU)) {
			assertEquals(List.of("background", "nucleus"), m.classNames(), "Labkit's label names are the class names");
		}
		// --image with a .labeling as --scribbles, as Fiji reads it.
		final PredictOutputsTest.Result one = PredictOutputsTest.cli(PredictOutputsTest.concat(new String[] { "train", "--image",
			folder.resolve("a.tif").toString(), "--scribbles", folder.resolve("a.tif.labeling").toString(), "--model",
			dir.resolve("one.zip").toString() }, PredictOutputsTest.TINY));
		assertEquals(0, one.code, one.out);
		// A label image with Labkit's .labels list of names beside it (Export Scribbles to Labkit writes this form).
		final Path tiff = dir.resolve("a_labels_form.tif");
		org.scribble2label.io.labkit.LabelingTiff.write(Scribbles.fromLabelImage(a.scribbles, List.of("background", "cell")), tiff,
			null, false);
		final Path third = dir.resolve("third.zip");
		final PredictOutputsTest.Result r3 = PredictOutputsTest.cli(PredictOutputsTest.concat(new String[] { "train", "--image",
			folder.resolve("a.tif").toString(), "--scribbles", tiff.toString(), "--model", third.toString() }, PredictOutputsTest.TINY));
		assertEquals(0, r3.code, r3.out);
		try (Scribble2LabelModel m = Scribble2LabelModel.load(third, DeviceChoice.CPU)) {
			assertEquals(List.of("background", "cell"), m.classNames());
		}
	}
}
