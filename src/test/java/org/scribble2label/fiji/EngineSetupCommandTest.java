package org.scribble2label.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.scijava.command.CommandModule;
import org.scijava.event.EventService;

import org.scribble2label.core.model.DjlRuntime;
import org.scribble2label.core.model.EngineInstaller;
import org.scribble2label.core.model.EngineInstallerTest;

/** Set Up PyTorch Engine against a local copy of DJL's site (a file: URL), never the network. */
class EngineSetupCommandTest extends CommandTestContext {

	private static final String CACHE = "ENGINE_CACHE_DIR", FLAVOR = "PYTORCH_FLAVOR";
	private String cache, flavor, site;

	@BeforeEach
	void keep() {
		cache = System.getProperty(CACHE);
		flavor = System.getProperty(FLAVOR);
		site = System.getProperty(EngineSetupCommand.SITE_PROPERTY);
	}

	@AfterEach
	void restore() {
		restore(CACHE, cache);
		restore(FLAVOR, flavor);
		restore(EngineSetupCommand.SITE_PROPERTY, site);
		DjlRuntime.setGpuIndex(0);
	}

	private static void restore(final String key, final String value) {
		if (value == null) System.clearProperty(key);
		else System.setProperty(key, value);
	}

	@Test
	void installsTheChosenBuildAndRemembersTheChoice(@TempDir final Path root) throws Exception {
		System.setProperty(EngineSetupCommand.SITE_PROPERTY, EngineInstallerTest.site(root).toUri().toString());
		System.setProperty(CACHE, root.resolve("cache").toString());
		System.clearProperty(FLAVOR);
		final CommandModule module = run(EngineSetupCommand.class, "build", EngineSetupCommand.CPU, "gpu_index", 1);
		assertFalse(module.isCanceled(), String.valueOf(module.getCancelReason()));
		assertTrue(Files.isDirectory(root.resolve("cache/pytorch/2.7.1-cpu-" + EngineInstaller.platform())));
		assertEquals("cpu", System.getProperty(FLAVOR), "DJL loads the chosen build, without a restart");
		assertEquals(1, DjlRuntime.gpuIndex());
		// Remembered: the next session uses the CPU build even where DJL would pick CUDA.
		System.clearProperty(FLAVOR);
		DjlRuntime.setGpuIndex(0);
		EngineSetup.applyRemembered();
		assertEquals("cpu", System.getProperty(FLAVOR));
		assertEquals(1, DjlRuntime.gpuIndex());
	}

	@Test
	void cancellingTheDownloadTaskLeavesNothingBehind(@TempDir final Path root) throws Exception {
		System.setProperty(EngineSetupCommand.SITE_PROPERTY, EngineInstallerTest.site(root).toUri().toString());
		System.setProperty(CACHE, root.resolve("cache").toString());
		final PredictionProgressTest.Watcher watcher = new PredictionProgressTest.Watcher();
		watcher.cancelAt = "Scribble2Label: PyTorch file 1 of ";
		context.service(EventService.class).subscribe(watcher);
		final CommandModule module = run(EngineSetupCommand.class, "build", EngineSetupCommand.CPU, "gpu_index", 0);
		assertTrue(module.isCanceled());
		assertFalse(watcher.messages.isEmpty());
		try (Stream<Path> left = Files.list(root.resolve("cache/pytorch"))) {
			assertEquals(0, left.count(), "no partial download left");
		}
	}
}
