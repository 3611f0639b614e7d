package org.scribble2label.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import org.scribble2label.core.Length;
import org.scribble2label.core.SyntheticImages;
import org.scribble2label.core.TrainingImage;
import org.scribble2label.core.model.Scribble2LabelModel;

/** Fine-tuning with frozen normalisation keeps the starting model's BatchNorm statistics. */
class FrozenNormalizationTest {

	private static final SyntheticImages DATA = SyntheticImages.create(64, 9);

	private static List<TrainingImage> set() {
		return Collections.singletonList(new TrainingImage("one", DATA.image, DATA.scribbles));
	}

	private static Map<String, float[]> parameters(final Scribble2LabelModel model) {
		final Map<String, float[]> values = new LinkedHashMap<>();
		for (final Pair<String, Parameter> p : model.network().getParameters())
			values.put(p.getKey(), p.getValue().getArray().toFloatArray());
		return values;
	}

	private static Map<String, float[]> fineTune(final Scribble2LabelModel start, final boolean frozen) throws Exception {
		try (Scribble2LabelModel tuned = new Scribble2LabelTrainer(SyntheticImages.tinyConfig().trainingLength(Length.crops(16))
			.warmup(Length.crops(0)).freezeNormalization(frozen).build()).continueFrom(start).start(set()).await().model())
		{
			return parameters(tuned);
		}
	}

	@Test
	void statisticsStayWhileWeightsLearn() throws Exception {
		try (Scribble2LabelModel start = new Scribble2LabelTrainer(SyntheticImages.tinyConfig().trainingLength(Length.crops(16))
			.build()).start(set()).await().model())
		{
			final Map<String, float[]> before = parameters(start);
			final Map<String, float[]> frozen = fineTune(start, true);
			final Map<String, float[]> moving = fineTune(start, false);
			int statistics = 0;
			boolean learned = false, movedWithoutFreezing = false;
			for (final Map.Entry<String, float[]> e : before.entrySet()) {
				final String name = e.getKey();
				if (name.contains("running")) {
					statistics++;
					assertArrayEquals(e.getValue(), frozen.get(name), 0f, name + " must not move while frozen");
					movedWithoutFreezing |= !Arrays.equals(e.getValue(), moving.get(name));
				}
				else learned |= !Arrays.equals(e.getValue(), frozen.get(name));
			}
			assertTrue(statistics > 0, "BatchNorm statistics among " + before.keySet());
			assertTrue(learned, "the weights still learn");
			assertTrue(movedWithoutFreezing, "without freezing, the statistics follow the batches");
			assertFalse(Scribble2LabelTrainer.isTrainingRunning());
		}
	}
}
