package org.scribble2label.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.prefs.Preferences;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.scijava.command.CommandModule;
import org.scijava.prefs.PrefService;

import org.scribble2label.core.SyntheticImages;
import org.scribble2label.testprefs.MemoryPreferencesFactory;

/**
 * Running the tests leaves the user's preferences alone: what commands remember goes to the
 * test JVM's in-memory store (pom.xml), not to the store Fiji reads.
 */
class PreferencesStayInTheTestsTest extends CommandTestContext {

	@Test
	void rememberedParametersGoToTheTestStore(@TempDir final Path folder) throws Exception {
		assertEquals(MemoryPreferencesFactory.class.getName(), System.getProperty("java.util.prefs.PreferencesFactory"),
			"the test JVM must be started with the in-memory preference store (see pom.xml)");
		assertTrue(Preferences.userRoot().getClass().getName().startsWith(MemoryPreferencesFactory.class.getName()),
			Preferences.userRoot().getClass().getName());
		// A command run remembers its inputs (here it fails at once: there is no model file)...
		final CommandModule module = run(ApplyModelCommand.class, "image", CommandTestImages.image(SyntheticImages.create(32, 1),
			"x.tif"), "model_file", folder.resolve("none.zip").toFile(), "channel", 0, "split_touching", false,
			"min_object_size", 3, "device", "CPU", "add_rois", false);
		assertTrue(module.isCanceled());
		// ...and what it remembered is in the in-memory store, which ends with the JVM.
		assertEquals("3", context.service(PrefService.class).get(ApplyModelCommand.class, "min_object_size"));
		assertTrue(holds(Preferences.userRoot(), "min_object_size", "3"), "the remembered value is not in the test store");
	}

	private static boolean holds(final Preferences node, final String key, final String value) throws Exception {
		if (value.equals(node.get(key, null))) return true;
		for (final String child : node.childrenNames())
			if (holds(node.node(child), key, value)) return true;
		return false;
	}
}
