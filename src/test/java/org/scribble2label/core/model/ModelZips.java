package org.scribble2label.core.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Copies a model file with its descriptor and/or weights edited, for tests of damaged models. */
final class ModelZips {

	private ModelZips() {}

	/** @param weights null to keep the weights */
	static void rewrite(final Path from, final Path to, final UnaryOperator<String> descriptor, final UnaryOperator<byte[]> weights)
		throws IOException
	{
		try (ZipFile zip = new ZipFile(from.toFile()); OutputStream out = Files.newOutputStream(to);
			ZipOutputStream copy = new ZipOutputStream(out))
		{
			for (final ZipEntry entry : Collections.list(zip.entries())) {
				copy.putNextEntry(new ZipEntry(entry.getName()));
				byte[] bytes = zip.getInputStream(entry).readAllBytes();
				if (entry.getName().equals(ModelArchive.DESCRIPTOR))
					bytes = descriptor.apply(new String(bytes, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
				else if (weights != null) bytes = weights.apply(bytes);
				copy.write(bytes);
				copy.closeEntry();
			}
		}
	}
}
