package org.scribble2label.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.FloatProcessor;

import org.scijava.command.CommandModule;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.task.Task;
import org.scijava.task.event.TaskEvent;

import org.scribble2label.core.TestModels;

/** Apply and Apply to Folder show their progress as a task, and stop when that task is cancelled (Fiji's task list). */
class PredictionProgressTest extends CommandTestContext {

	/** Records the Scribble2Label tasks' progress and cancels a task when asked to. */
	public static final class Watcher {
		final List<String> messages = new CopyOnWriteArrayList<>();
		volatile String cancelAt;
		/** Cancel at the first report of some tiles done (a batch holds many tiles). */
		volatile boolean cancelAtFirstTiles;

		@EventHandler
		public void onTask(final TaskEvent e) {
			final Task task = e.getTask();
			if (task.getName() == null || !task.getName().startsWith("Scribble2Label: ")) return;
			final String message = task.getStatusMessage();
			if (message == null) return;
			messages.add(message);
			if (cancelAt != null && message.startsWith(cancelAt) ||
				cancelAtFirstTiles && message.startsWith("tile ") && !message.startsWith("tile 0 ")) task.cancel("test");
		}
	}

	private static ImagePlus noise(final String title, final int size) {
		final FloatProcessor p = new FloatProcessor(size, size);
		p.noise(30);
		return new ImagePlus(title, p);
	}

	@Test
	void applyReportsTilesAndStopsWhenItsTaskIsCancelled() throws Exception {
		final Watcher watcher = new Watcher();
		context.service(EventService.class).subscribe(watcher);
		watcher.cancelAtFirstTiles = true;
		// The tiny model's 64-pixel tiles, up to a megapixel per batch: a 1536 x 1536 image takes a few batches.
		final CommandModule module = run(ApplyModelCommand.class, "image", noise("big.tif", 1536), "model_file",
			TestModels.tinyModelFile().toFile(), "channel", 0, "split_touching", false, "min_object_size", 4, "device", "CPU",
			"add_rois", false);
		assertTrue(module.isCanceled(), "the cancelled task stops the command");
		assertEquals(null, module.getOutput("labels"));
		final String total = total(watcher);
		assertTrue(watcher.messages.stream().anyMatch(m -> m.matches("tile [1-9][0-9]* of " + total)), watcher.messages.toString());
		assertFalse(watcher.messages.contains("tile " + total + " of " + total), "stopped before the last batch: " +
			watcher.messages);
	}

	private static String total(final Watcher w) {
		for (final String m : w.messages)
			if (m.startsWith("tile 0 of ")) return m.substring("tile 0 of ".length());
		throw new AssertionError("no start reported: " + w.messages);
	}

	@Test
	void applyToFolderReportsImagesAndKeepsTheResultsDoneBeforeACancel(@TempDir final Path folder) throws Exception {
		final Path in = Files.createDirectories(folder.resolve("in")), out = Files.createDirectories(folder.resolve("out"));
		for (final String name : new String[] { "a", "b", "c" })
			assertTrue(new FileSaver(noise(name, 64)).saveAsTiff(in.resolve(name + ".tif").toString()));
		final Watcher watcher = new Watcher();
		context.service(EventService.class).subscribe(watcher);
		watcher.cancelAt = "image 2 of 3";
		final CommandModule module = run(ApplyModelToFolderCommand.class, "model_file", TestModels.tinyModelFile().toFile(),
			"input_folder", in.toFile(), "output_folder", out.toFile(), "channel", 0, "file_pattern", "*.tif", "split_touching",
			false, "min_object_size", 4, "overwrite", false, "device", "CPU");
		assertTrue(module.isCanceled());
		assertTrue(watcher.messages.contains("image 1 of 3: a.tif"), watcher.messages.toString());
		assertTrue(Files.isRegularFile(out.resolve("a_labels.tif")), "the image before the cancel keeps its results");
		assertFalse(Files.exists(out.resolve("b_labels.tif")));
		assertFalse(Files.exists(out.resolve("c_labels.tif")));
	}
}
