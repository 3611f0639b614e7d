package org.scribble2label.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Line;
import ij.gui.Roi;
import ij.io.FileSaver;
import ij.plugin.frame.RoiManager;

import org.scribble2label.core.DeviceChoice;
import org.scribble2label.core.SyntheticImages;
import org.scribble2label.core.TestModels;
import org.scribble2label.core.model.Scribble2LabelModel;
import org.scribble2label.ij.ImagePlusAdapter;

/**
 * The example macros in macros/, run by ImageJ 1.x's own macro interpreter in plain ImageJ
 * (commands installed from plugins.config), on a small image: the documented macro syntax works.
 * RunCommand reads the options as Fiji does (key=value only), so a macro that would stop on a
 * dialog in Fiji fails here.
 */
class MacrosDisplayTest {

	private static final SyntheticImages DATA = SyntheticImages.create(64, 13);

	@BeforeAll
	static void imageJ() throws Exception {
		// Runs in the build's non-headless test JVM (see pom.xml); skipped only if selected into the headless one.
		org.junit.jupiter.api.Assumptions.assumeFalse(java.awt.GraphicsEnvironment.isHeadless());
		PlainImageJ.start();
	}

	@AfterEach
	void closeAll() {
		while (WindowManager.getCurrentImage() != null) {
			final ImagePlus imp = WindowManager.getCurrentImage();
			imp.changes = false;
			imp.close();
		}
		final RoiManager rm = RoiManager.getInstance();
		if (rm != null) rm.reset();
	}

	private static String macro(final String name) {
		final Path file = Paths.get("macros", name);
		assertTrue(Files.isRegularFile(file), file + " exists");
		return file.toString();
	}

	/** Opens the synthetic image and puts its scribbles into the ROI Manager as named lines. */
	private static ImagePlus imageWithRoiManagerScribbles(final String title) {
		final ImagePlus image = ImagePlusAdapter.toImagePlus(DATA.image, title, null);
		image.show();
		final RoiManager rm = RoiManager.getRoiManager();
		rm.reset();
		final byte[] s = DATA.scribbles.update(null).getCurrentStorageArray();
		for (int y = 0; y < 64; y++)
			for (int x = 0; x < 64; x++) {
				final int v = s[y * 64 + x];
				if (v == 0 || x > 0 && s[y * 64 + x - 1] == v) continue;
				int end = x;
				while (end + 1 < 64 && s[y * 64 + end + 1] == v)
					end++;
				final Roi line = new Line(x, y, end, y);
				line.setName(v == 1 ? "background" : "cell");
				rm.addRoi(line);
			}
		IJ.selectWindow(title);
		return image;
	}

	@Test
	void trainWithRoisMacroTrainsSavesAndOpensTheResults(@TempDir final Path folder) throws Exception {
		imageWithRoiManagerScribbles("cells.tif");
		final Path model = folder.resolve("macro-model.zip");
		IJ.log("\\Clear");
		PlainImageJ.runMacro(macro("Scribble2Label_Train_With_ROIs.ijm"), "model=" + model + " crops=48 window=false", 120);
		assertTrue(Files.isRegularFile(model), IJ.getLog());
		// A short training gets a shorter warm-up from the macro, so the pseudo-labels are used.
		assertFalse(IJ.getLog().contains("lasts the whole training"), IJ.getLog());
		assertNotNull(WindowManager.getImage("cells instances"), "the instance labels are open");
		assertNotNull(WindowManager.getImage("cells probabilities"));
		assertTrue(IJ.getLog().contains("Scribble2Label found"), IJ.getLog());
		try (Scribble2LabelModel m = Scribble2LabelModel.load(model, DeviceChoice.CPU)) {
			assertEquals(48, m.record().cropsSeen());
		}

		// Human in the loop: continue from that model with the same scribbles.
		final Path continued = folder.resolve("macro-model-2.zip");
		IJ.selectWindow("cells.tif");
		PlainImageJ.runMacro(macro("Scribble2Label_Continue_Training.ijm"), "model=" + model + " continued=" + continued +
			" crops=24 window=false", 300);
		assertTrue(Files.isRegularFile(continued), IJ.getLog());
	}

	@Test
	void applyToFolderMacroWritesResults(@TempDir final Path folder) throws Exception {
		final Path in = Files.createDirectories(folder.resolve("in")), out = Files.createDirectories(folder.resolve("out"));
		assertTrue(new FileSaver(ImagePlusAdapter.toImagePlus(TestModels.DATA.image, "x", null)).saveAsTiff(in.resolve("one.tif")
			.toString()));
		PlainImageJ.runMacro(macro("Scribble2Label_Apply_To_Folder.ijm"), "model=" + TestModels.tinyModelFile() + " input=" +
			in + "/ output=" + out + "/", 300);
		for (final String name : new String[] { "one_labels.tif", "one_instances.tif", "one_probabilities.tif" })
			assertTrue(Files.isRegularFile(out.resolve(name)), name + "\n" + IJ.getLog());
	}
}
