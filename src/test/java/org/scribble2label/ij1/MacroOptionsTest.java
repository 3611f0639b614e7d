package org.scribble2label.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.WindowManager;
import ij.process.ByteProcessor;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;

/**
 * Macro options are read as Fiji reads them (imagej-legacy: {@code Macro.getValue}, so only
 * {@code key=value}); what would open a dialog mid-macro in Fiji fails, and the run(...) lines of
 * the user guide and the README give every input.
 */
class MacroOptionsTest {

	private static Context context;

	@BeforeAll
	static void context() {
		context = new Context();
	}

	@AfterAll
	static void dispose() {
		context.dispose();
	}

	private static CommandInfo command(final String title) {
		for (final CommandInfo info : context.service(CommandService.class).getCommands())
			if (title.equals(info.getTitle()) && info.getClassName().startsWith("org.scribble2label.")) return info;
		throw new AssertionError("No command titled " + title);
	}

	private static final String FOLDER = "model_file=[/m.zip] input_folder=[/in] output_folder=[/out] channel=0 " +
		"file_pattern=*.tif min_object_size=16 shard=1/1 device=auto";

	@Test
	void aBareOrMissingKeyFailsAndSaysWhatToWrite() {
		final CommandInfo folder = command("Apply Scribble2Label Model to Folder");
		final IllegalArgumentException bare = assertThrows(IllegalArgumentException.class,
			() -> RunCommand.requireComplete(folder, FOLDER + " split_touching overwrite=false"));
		assertTrue(bare.getMessage().contains("Write split_touching=true (or =false) instead of split_touching"), bare.getMessage());
		final IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
			() -> RunCommand.requireComplete(folder, FOLDER + " split_touching=true"));
		assertTrue(missing.getMessage().endsWith("Missing: overwrite."), missing.getMessage());
		assertThrows(IllegalArgumentException.class, () -> RunCommand.requireComplete(folder, FOLDER +
			" split_touching=yes overwrite=false"));
		RunCommand.requireComplete(folder, FOLDER + " split_touching=false overwrite=true");
		final Map<String, Object> inputs = RunCommand.inputs(folder, FOLDER + " split_touching=false overwrite=true",
			context.service(ConvertService.class));
		assertEquals(false, inputs.get("split_touching"));
		assertEquals(true, inputs.get("overwrite"));
		assertEquals(16, inputs.get("min_object_size"));
	}

	@Test
	void theSingleImageInputIsTheCurrentImageAsInFiji() {
		final CommandInfo apply = command("Apply Scribble2Label Model");
		final ImagePlus current = new ImagePlus("current", new ByteProcessor(8, 8));
		WindowManager.setTempCurrentImage(current);
		try {
			final Map<String, Object> inputs = RunCommand.inputs(apply, "model_file=[/m.zip] channel=0 split_touching=true " +
				"min_object_size=16 device=auto add_rois=false", context.service(ConvertService.class));
			assertEquals(current, inputs.get("image"));
		}
		finally {
			WindowManager.setTempCurrentImage(null);
		}
		// Train has one image input too: the scribble label image is a title, with a real "none".
		assertTrue(RunCommand.singleAutoFilledImage(command("Train from Scribbles")) != null);
	}

	private static final Pattern RUN = Pattern.compile("run\\(\"([^\"]+)\",\\s*\"([^\"]*)\"\\)");

	/** Every run("Scribble2Label command", "options") of the docs gives every input as key=value. */
	@Test
	void theDocumentedMacrosGiveEveryInput() throws IOException {
		final List<String> checked = new ArrayList<>();
		for (final Path doc : new Path[] { Paths.get("docs", "user-guide.md"), Paths.get("README.md") }) {
			final Matcher m = RUN.matcher(new String(Files.readAllBytes(doc), StandardCharsets.UTF_8));
			while (m.find()) {
				final CommandInfo info = command(m.group(1));
				RunCommand.requireComplete(info, m.group(2));
				checked.add(doc.getFileName() + ": " + m.group(1));
			}
		}
		assertTrue(checked.size() >= 3, "the user guide shows training, continuing and applying: " + checked);
		assertFalse(checked.isEmpty());
	}
}
