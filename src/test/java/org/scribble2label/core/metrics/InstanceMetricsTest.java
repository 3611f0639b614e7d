package org.scribble2label.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import ij.IJ;
import ij.ImagePlus;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.integer.IntType;

import org.scribble2label.ij.ImagePlusAdapter;

class InstanceMetricsTest {

	private static ArrayImg<IntType, IntArray> image(final int w, final int h, final int[] values) {
		return ArrayImgs.ints(values, w, h);
	}

	/** Fills a rectangle [x0, x1) x [y0, y1) with a value. */
	private static void box(final int[] img, final int w, final int x0, final int y0, final int x1, final int y1, final int v) {
		for (int y = y0; y < y1; y++)
			for (int x = x0; x < x1; x++)
				img[y * w + x] = v;
	}

	@Test
	void paperMDiceAgainstHandComputedValues() {
		final int w = 40, h = 30;
		final int[] truth = new int[w * h], prediction = new int[w * h];
		box(truth, w, 5, 5, 15, 15, 1); // 100 px, interior
		box(truth, w, 20, 5, 30, 15, 2); // 100 px, interior, will be missed
		box(truth, w, 0, 20, 10, 30, 3); // 100 px, touches the border
		box(truth, w, 35, 25, 38, 28, 4); // 9 px: below 20, emptied
		box(prediction, w, 5, 5, 15, 13, 1); // 80 px inside object 1
		box(prediction, w, 0, 20, 10, 30, 1); // exact object 3
		box(prediction, w, 32, 0, 34, 2, 1); // 4 px false positive: removed (< 64)
		// t=1: Dice(80 of 100) = 160/180. t=2: missed -> border objects erased -> 1e-4/(0+100+1e-4).
		// t=3: erased (it touches the border): its pixels are gone, no overlap, Dice 1 despite a perfect prediction.
		// t=4: emptied -> no match -> Dice 1.
		final double eps = 1e-4;
		final double expected = ((160 + eps) / (180 + eps) + eps / (100 + eps) + 1 + 1) / 4;
		assertEquals(expected, InstanceMetrics.paperMDice(image(w, h, prediction), image(w, h, truth)), 1e-12);
	}

	@Test
	void paperMDiceMergesTouchingPredictionsAndFillsHoles() {
		final int w = 30, h = 20;
		final int[] truth = new int[w * h], prediction = new int[w * h];
		box(truth, w, 2, 2, 12, 12, 1);
		box(truth, w, 12, 2, 22, 12, 2);
		box(prediction, w, 2, 2, 22, 12, 1);
		prediction[5 * w + 5] = 0; // a hole, filled by the post-processing
		// One merged component of 200 px: each object has Dice 2*100/300.
		assertEquals(2.0 * 100 / 300, InstanceMetrics.paperMDice(image(w, h, prediction), image(w, h, truth)), 1e-5);
		assertEquals(0, InstanceMetrics.paperMDice(image(w, h, prediction), image(w, h, new int[w * h])), 0,
			"no ground-truth object: 0");
	}

	@Test
	void cleanMDicePenalisesFalsePositivesAndFragments() {
		final int w = 40, h = 20;
		final int[] truth = new int[w * h], prediction = new int[w * h];
		box(truth, w, 2, 2, 12, 12, 1);
		box(prediction, w, 2, 2, 12, 7, 1); // upper half
		box(prediction, w, 2, 7, 12, 12, 2); // lower half: a fragment
		box(prediction, w, 20, 2, 30, 12, 3); // false positive
		// Object 1 matches fragment 1 (ties: lower id): 2*50/150; fragments 2 and 3 score 0.
		assertEquals(2.0 * 50 / 150 / 3, InstanceMetrics.cleanMDice(image(w, h, prediction), image(w, h, truth)), 1e-12);
		assertTrue(Double.isNaN(InstanceMetrics.cleanMDice(image(w, h, new int[w * h]), image(w, h, new int[w * h]))));
	}

	@Test
	void matchingAtIoU05() {
		final int w = 40, h = 20;
		final int[] truth = new int[w * h], prediction = new int[w * h];
		box(truth, w, 0, 0, 10, 10, 1);
		box(truth, w, 20, 0, 30, 10, 2);
		box(truth, w, 0, 12, 5, 17, 3);
		box(prediction, w, 0, 0, 10, 8, 5); // IoU 0.8 with 1
		box(prediction, w, 20, 0, 30, 4, 6); // IoU 0.4 with 2: not a match
		box(prediction, w, 32, 12, 36, 16, 7); // nothing
		final InstanceMetrics.Matching m = InstanceMetrics.matching(image(w, h, prediction), image(w, h, truth), 0.5);
		assertEquals(1, m.truePositives);
		assertEquals(2, m.falsePositives);
		assertEquals(2, m.falseNegatives);
		assertEquals(1.0 / 5, m.averagePrecision(), 1e-12);
		assertEquals(2.0 / 6, m.f1(), 1e-12);
		assertEquals(0.8, m.meanMatchedIoU, 1e-12);
	}

	/**
	 * Sanity values measured with an independent re-implementation of the paper's code on the
	 * DSB2018-Fluo val split: the ground truth scored against itself 0.878 (touching nuclei merge
	 * under connected components), an empty prediction 0.246. The masks and the source of the
	 * values are in the test resources ({@code dsb2018-fluo-val/README.md}).
	 */
	@Test
	void paperMDiceReproducesTheReferenceValuesOnTheValSplit() throws Exception {
		final Path val = Paths.get(InstanceMetricsTest.class.getResource("dsb2018-fluo-val").toURI());
		final List<Path> masks;
		try (Stream<Path> files = Files.list(val)) {
			masks = files.filter(f -> f.toString().endsWith("_mask.png")).sorted().collect(Collectors.toList());
		}
		assertEquals(108, masks.size());
		double self = 0, empty = 0;
		for (final Path mask : masks) {
			final ImagePlus imp = IJ.openImage(mask.toString());
			final var truth = ImagePlusAdapter.wrap(imp);
			self += InstanceMetrics.paperMDice(truth, truth);
			empty += InstanceMetrics.paperMDice(ArrayImgs.ints(imp.getWidth(), imp.getHeight()), truth);
		}
		assertEquals(0.878, self / masks.size(), 0.0005);
		assertEquals(0.246, empty / masks.size(), 0.0005);
	}
}
