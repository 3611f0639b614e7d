package org.scribble2label.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.scribble2label.core.TrainingConfig;

/** Crops without scribbles: most of them drawn uniformly around one short stroke, few on the scribbles. */
class CropScribbleShareTest {

	@Test
	void uniformCropsMissASparseStrokeAndCropsOnScribblesFindIt() {
		final int w = 512, h = 512;
		final short[] scribbles = new short[w * h];
		for (int x = 200; x < 300; x++)
			scribbles[256 * w + x] = 2;
		final TrainingConfig config = new TrainingConfig.Builder().depth(2).baseWidth(16).cropSize(64).augment(false).build();
		final CropScribbleShare shares = new CropScribbleShare(List.of(scribbles), List.of(new int[] { w, h }), config, 1000, 7);
		final CropScribbleShare.Share uniform = shares.of(false);
		final CropScribbleShare.Share onScribbles = shares.of(true);
		// A 64 x 64 crop at a uniform position meets row 256 with probability 64/449 and the stroke's columns with 163/449.
		assertEquals(1 - (64.0 / 449) * (163.0 / 449), uniform.withoutScribbles, 0.03);
		assertTrue(onScribbles.withoutScribbles < uniform.withoutScribbles - 0.2, onScribbles + " vs " + uniform);
		assertTrue(onScribbles.scribbledPixels > 2 * uniform.scribbledPixels, onScribbles + " vs " + uniform);
	}
}
