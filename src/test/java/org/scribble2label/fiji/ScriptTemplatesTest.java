package org.scribble2label.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.io.FileSaver;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

import org.codehaus.groovy.jsr223.GroovyScriptEngineFactory;

import org.scijava.Context;
import org.scijava.module.ModuleService;
import org.scijava.script.ScriptInfo;
import org.scijava.script.ScriptModule;
import org.scijava.script.ScriptService;

import org.scribble2label.core.DeviceChoice;
import org.scribble2label.core.Scribbles;
import org.scribble2label.core.SyntheticImages;
import org.scribble2label.core.model.Scribble2LabelModel;
import org.scribble2label.ij.ImagePlusAdapter;
import org.scribble2label.io.labkit.LabelingFile;
import org.scribble2label.io.labkit.PixelCalibration;

/**
 * Runs the Script Editor templates as Fiji would: through SciJava's ScriptService, with their
 * {@code #@} parameters and services, on tiny synthetic images and a tiny network so that a
 * training takes seconds.
 */
class ScriptTemplatesTest {

	private static final String TRAIN = "script_templates/Scribble2Label/Train_on_a_folder_of_images_with_scribbles.groovy";
	private static final String APPLY = "script_templates/Scribble2Label/Apply_a_model_to_a_folder.groovy";

	private static Context context;

	/**
	 * In Fiji, Groovy scripts run on scijava's scripting-groovy plugin, whose engine is a copy of
	 * Groovy's own JSR-223 engine. scijava-common does not look for JSR-223 engines by itself, so
	 * Groovy's engine is added to the language index here; scripts see the same bindings.
	 */
	@BeforeAll
	static void context() {
		context = new Context();
		final ScriptService scripts = context.service(ScriptService.class);
		if (scripts.getLanguageByExtension("groovy") == null) scripts.getIndex().add(new GroovyScriptEngineFactory(), false);
	}

	@AfterAll
	static void dispose() {
		context.dispose();
	}

	/** A template's run: its outputs, and the errors the script editor would show. */
	private static final class TemplateRun {
		final ScriptModule module;
		final String errors;

		TemplateRun(final ScriptModule module, final String errors) {
			this.module = module;
			this.errors = errors;
		}

		Object output(final String name) {
			assertEquals("", errors, "the script failed");
			return module.getOutput(name);
		}
	}

	/**
	 * Runs a template from the class path as the Script Editor runs it once loaded: parameters
	 * filled in, services injected, errors written to the editor's error pane (ScriptModule
	 * reports a script's exception there and does not rethrow it).
	 */
	private static TemplateRun run(final String template, final Map<String, Object> inputs) throws Exception {
		final String text;
		try (InputStream in = ScriptTemplatesTest.class.getClassLoader().getResourceAsStream(template)) {
			assertNotNull(in, template + " is not on the class path");
			text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		final ScriptInfo info = new ScriptInfo(context, template.substring(template.lastIndexOf('/') + 1), new StringReader(text));
		final ModuleService modules = context.service(ModuleService.class);
		final ScriptModule module = (ScriptModule) modules.createModule(info);
		final StringWriter errors = new StringWriter();
		module.setErrorWriter(errors);
		modules.run(module, true, inputs).get();
		return new TemplateRun(module, errors.toString());
	}

	/** A network and schedule that train in seconds; preset, device, seed and overwrite keep their defaults. */
	private static Map<String, Object> tinyTraining(final Path folder, final Path model) {
		final Map<String, Object> inputs = new HashMap<>();
		inputs.put("folder", folder.toFile());
		inputs.put("model_file", model.toFile());
		inputs.put("training_crops", 96);
		inputs.put("warmup_crops", 32);
		inputs.put("crop_size", 32);
		inputs.put("batch_size", 4);
		inputs.put("network_depth", 2);
		inputs.put("network_width", 16);
		return inputs;
	}

	private static void saveTiff(final RandomAccessibleInterval<? extends RealType<?>> image, final Path file) {
		assertTrue(new FileSaver(ImagePlusAdapter.toImagePlus(image, file.getFileName().toString(), null))
			.saveAsTiff(file.toString()), "cannot write " + file);
	}

	@Test
	void trainsOnAFolderWithLabelImagesAndLabkitFilesThenAppliesTheModelToAFolderTree(@TempDir final Path root)
		throws Exception
	{
		// a.tif with a label image, b.tif with a Labkit labeling, c.tif without scribbles.
		final Path data = Files.createDirectories(root.resolve("data"));
		final SyntheticImages a = SyntheticImages.create(64, 11), b = SyntheticImages.create(64, 12),
			c = SyntheticImages.create(64, 13);
		saveTiff(a.image, data.resolve("a.tif"));
		saveTiff(a.scribbles, data.resolve("a_scribbles.tif"));
		saveTiff(b.image, data.resolve("b.tif"));
		LabelingFile.write(Scribbles.fromLabelImage(b.scribbles, Arrays.asList("background", "nucleus")),
			data.resolve("b.tif.labeling"), PixelCalibration.UNCALIBRATED, false);
		saveTiff(c.image, data.resolve("c.tif"));

		final Path model = root.resolve("nuclei.zip");
		final TemplateRun training = run(TRAIN, tinyTraining(data, model));
		final String report = (String) training.output("report");
		assertNotNull(report, "the training template reports nothing");
		assertTrue(report.startsWith("Trained on 2 image(s): a.tif, b.tif"), report);
		assertTrue(report.contains("c.tif: no c_scribbles.tif and no c.tif.labeling"), report);
		try (Scribble2LabelModel trained = Scribble2LabelModel.load(model, DeviceChoice.CPU)) {
			assertEquals(Arrays.asList("background", "nucleus"), trained.classNames(), "Labkit's label names");
			assertEquals(Arrays.asList("a.tif", "b.tif"), trained.record().images());
			assertEquals(96, trained.record().cropsSeen());
			assertEquals(2, ((org.scribble2label.core.model.UNetSpec) trained.spec()).depth());
		}

		// Apply it to a folder tree: in/a.tif, in/more/c.tif, a broken file that is skipped, and
		// the output folder in/results, whose earlier results must not be taken as input.
		final Path in = Files.createDirectories(root.resolve("in")), out = Files.createDirectories(in.resolve("results"));
		Files.createDirectories(in.resolve("more"));
		Files.copy(data.resolve("a.tif"), in.resolve("a.tif"));
		Files.copy(data.resolve("c.tif"), in.resolve("more").resolve("c.tif"));
		Files.write(in.resolve("more").resolve("broken.tif"), new byte[] { 1, 2, 3 });
		Files.copy(data.resolve("a.tif"), out.resolve("earlier_labels.tif"));
		final Map<String, Object> applying = new HashMap<>();
		applying.put("model_file", model.toFile());
		applying.put("input_folder", in.toFile());
		applying.put("output_folder", out.toFile());
		applying.put("file_pattern", "*.tif");
		applying.put("include_subfolders", true);
		applying.put("split_touching", true);
		applying.put("min_object_size", 4);
		applying.put("overwrite", false);
		applying.put("device", "CPU");
		final TemplateRun applied = run(APPLY, applying);
		final String applyReport = (String) applied.output("report");
		assertEquals(2, applied.output("processed"), applyReport);
		for (final String name : new String[] { "a_labels.tif", "a_instances.tif", "a_probabilities.tif",
			"more/c_labels.tif", "more/c_instances.tif", "more/c_probabilities.tif" })
			assertTrue(Files.isRegularFile(out.resolve(name)), name + " was not written");
		assertTrue(applyReport.contains("Skipped 1:\n  more" + File.separator + "broken.tif: Cannot read"), applyReport);
		assertFalse(Files.exists(out.resolve("earlier_labels_labels.tif")), "the output folder was processed as input");
	}

	@Test
	void trainingRefusesAFolderWithoutScribblesAndSaysWhatToDo(@TempDir final Path root) throws Exception {
		final Path data = Files.createDirectories(root.resolve("data"));
		saveTiff(SyntheticImages.create(64, 11).image, data.resolve("a.tif"));
		final Path model = root.resolve("model.zip");
		final TemplateRun training = run(TRAIN, tinyTraining(data, model));
		assertTrue(training.errors.contains("No image in " + data.toFile() + " has scribbles. Save the scribbles of NAME.tif " +
			"as a label image NAME_scribbles.tif"), training.errors);
		assertNull(training.module.getOutput("report"));
		assertFalse(Files.exists(model));
	}
}
