package org.scribble2label.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;

import org.scribble2label.core.model.Scribble2LabelModel;
import org.scribble2label.core.train.Scribble2LabelTrainer;

/** A tiny trained model, made once per test JVM and saved to a temporary file. */
public final class TestModels {

	private static Path file;

	private TestModels() {}

	/** The synthetic 64 x 64 image the model was trained on. */
	public static final SyntheticImages DATA = SyntheticImages.create(64, 11);

	public static synchronized Path tinyModelFile() throws IOException, InterruptedException {
		if (file == null) {
			final Path folder = Files.createTempDirectory("scribble2label-test-model");
			folder.toFile().deleteOnExit();
			file = folder.resolve("tiny.zip");
			try (Scribble2LabelModel model = new Scribble2LabelTrainer(SyntheticImages.tinyConfig().trainingLength(Length.crops(160))
				.build()).start(Collections.singletonList(new TrainingImage("synthetic", DATA.image, DATA.scribbles))).await()
				.model())
			{
				model.save(file, false);
			}
			file.toFile().deleteOnExit();
		}
		return file;
	}
}
