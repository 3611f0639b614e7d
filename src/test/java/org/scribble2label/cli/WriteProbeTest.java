package org.scribble2label.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write probe left by a killed task is cleaned by the next one; a fresh one (a task beside) is not. */
class WriteProbeTest {

	@Test
	void staleProbesGoFreshOnesStay(@TempDir final Path out) throws Exception {
		final Path stale = Files.createFile(out.resolve(".scribble2label-123.part"));
		Files.setLastModifiedTime(stale, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
		final Path fresh = Files.createFile(out.resolve(".scribble2label-456.part"));
		PredictCommand.createFolder(out);
		assertFalse(Files.exists(stale), "a probe an hour old is a killed task's");
		assertTrue(Files.exists(fresh), "a probe of a task starting now stays");
	}
}
