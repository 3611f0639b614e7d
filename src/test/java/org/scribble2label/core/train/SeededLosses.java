package org.scribble2label.core.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.scribble2label.core.Length;
import org.scribble2label.core.SyntheticImages;
import org.scribble2label.core.TrainingImage;
import org.scribble2label.core.model.Scribble2LabelModel;

/**
 * A short seeded training whose step losses and mean foreground probability are compared
 * between CPU instruction sets; {@link #main} prints them, one number a line, for a child JVM.
 */
public final class SeededLosses {

	private SeededLosses() {}

	static List<Double> run() throws InterruptedException {
		final SyntheticImages data = SyntheticImages.create(64, 11);
		final List<Double> numbers = Collections.synchronizedList(new ArrayList<>());
		final TrainingListener recorder = new TrainingListener() {
			@Override
			public void stepFinished(final StepProgress s) {
				numbers.add(s.totalLoss);
			}
		};
		try (Scribble2LabelModel model = new Scribble2LabelTrainer(SyntheticImages.tinyConfig()
			.trainingLength(Length.crops(96)).warmup(Length.crops(48)).ensemblePeriod(Length.crops(32)).build())
			.listener(recorder).start(Collections.singletonList(new TrainingImage("isa", data.image, data.scribbles))).await()
			.model())
		{
			final float[] foreground = model.predict(data.image).probabilities().getPlane(1).getCurrentStorageArray();
			double sum = 0;
			for (final float p : foreground)
				sum += p;
			numbers.add(sum / foreground.length);
		}
		return numbers;
	}

	public static void main(final String[] args) throws Exception {
		for (final double v : run())
			System.out.println(v);
		System.exit(0);
	}
}
