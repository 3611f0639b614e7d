package org.scribble2label.core.scribbles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.scribble2label.core.instance.ConnectedComponents.Connectivity;

/**
 * Skeletons: thin, topology-preserving, and equal to scikit-image's {@code skeletonize} on small
 * shapes (expected grids worked by hand where stated, else produced by scikit-image 0.19.3, whose
 * 2D skeletonize is unchanged since before the paper).
 */
class SkeletonizeTest {

	@Test
	void onePixelLinesAreTheirOwnSkeleton() {
		// Inner pixels have two neighbours on opposite sides (two transitions), ends have one: none removable.
		final Grids lines = Grids.of(
			"..........",
			".######...",
			"..........",
			"...#....#.",
			"....#...#.",
			".....#..#.",
			"......#.#.",
			"..........");
		assertEquals(lines.toString(), lines.skeleton().toString());
	}

	@Test
	void twoByTwoSquareKeepsItsTopRow() {
		// Worked by hand: the lower pixels (codes N|NE|E and NW|N|W) are removable in the first phase
		// only, the upper ones (E|SE|S and S|SW|W) in the second only; after the first phase the upper
		// pixels have one neighbour each and stay. Textbook Zhang–Suen would erase all four at once.
		final Grids square = Grids.of(
			"....",
			".##.",
			".##.",
			"....");
		assertEquals(Grids.of(
			"....",
			".##.",
			"....",
			"....").toString(), square.skeleton().toString());
		assertEquals(Skeletonize.FIRST | Skeletonize.SECOND, Skeletonize.zhangSuenPhases(Skeletonize.E |
			Skeletonize.SE | Skeletonize.S));
	}

	@Test
	void filledRectanglesBecomeLines() {
		assertEquals(Grids.of(
			"...........",
			"...........",
			".......#...",
			"..#####....",
			"...........",
			"...........",
			"...........").toString(), Grids.of(
				"...........",
				"...........",
				"..#######..",
				"..#######..",
				"..#######..",
				"...........",
				"...........").skeleton().toString());
		assertEquals(Grids.of(
			"..........",
			"..........",
			"..........",
			"....###...",
			"..##......",
			"..........",
			"..........",
			"..........").toString(), Grids.of(
				"..........",
				".########.",
				".########.",
				".########.",
				".########.",
				".########.",
				".########.",
				"..........").skeleton().toString());
	}

	@Test
	void discShrinksToItsCentre() {
		final Grids disc = Grids.of(
			"...........",
			".....#.....",
			"...#####...",
			"..#######..",
			"..#######..",
			".#########.",
			"..#######..",
			"..#######..",
			"...#####...",
			".....#.....",
			"...........");
		final Grids skeleton = disc.skeleton();
		assertEquals(1, count(skeleton));
		assertTrue(skeleton.pixels[5 * 11 + 5], "the single pixel is the centre:\n" + skeleton);
	}

	@Test
	void ringKeepsItsHoleAsALoop() {
		final Grids ring = Grids.of(
			"...........",
			"...#####...",
			"..#######..",
			".####.####.",
			".###...###.",
			".##.....##.",
			".###...###.",
			".####.####.",
			"..#######..",
			"...#####...",
			"...........");
		final Grids skeleton = ring.skeleton();
		assertEquals(Grids.of(
			"...........",
			"...........",
			"....###....",
			"...#...#...",
			"..#.....#..",
			"..#.....#..",
			"..#.....#..",
			"...#....#..",
			"....####...",
			"...........",
			"...........").toString(), skeleton.toString());
		assertEquals(1, skeleton.components(Connectivity.EIGHT));
		// An 8-connected closed curve separates its inside from its outside (4-connected background).
		assertEquals(2, skeleton.complement().components(Connectivity.FOUR));
	}

	@Test
	void thickDiagonalStaircaseIsThinnedAsScikitImageDoes() {
		// The staircase steps are removed (table overrides); line ends towards the upper left erode.
		assertEquals(Grids.of(
			"........",
			"........",
			"........",
			"...##...",
			".....#..",
			"......#.",
			".......#",
			"........").toString(), Grids.of(
				"........",
				".##.....",
				"..##....",
				"...##...",
				"....##..",
				".....##.",
				"......##",
				"........").skeleton().toString());
	}

	@Test
	void randomBlobsGiveThinSkeletonsWithOneComponentPerBlob() {
		final int w = 120, h = 90;
		final boolean[] mask = new boolean[w * h];
		final Random random = new Random(3);
		for (int d = 0; d < 25; d++) {
			final int cx = random.nextInt(w), cy = random.nextInt(h), r = 3 + random.nextInt(9);
			final int ry = r / 2 + random.nextInt(r);
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					final double dx = (x - cx) / (double) r, dy = (y - cy) / (double) ry;
					if (dx * dx + dy * dy <= 1) mask[y * w + x] = true;
				}
		}
		final Grids blobs = Grids.of(mask, w, h);
		final Grids skeleton = blobs.skeleton();
		assertFalse(skeleton.hasFullBlock(), "skeleton not thin:\n" + skeleton);
		for (int i = 0; i < mask.length; i++)
			if (skeleton.pixels[i]) assertTrue(mask[i], "skeleton pixel outside the mask");
		// Blobs may merge and enclose holes; thinning keeps both the components and the holes.
		assertEquals(blobs.components(Connectivity.EIGHT), skeleton.components(Connectivity.EIGHT));
		assertEquals(blobs.complement().components(Connectivity.FOUR), skeleton.complement().components(
			Connectivity.FOUR));
		assertTrue(count(skeleton) < count(blobs) / 5, "skeleton barely thinner than the blobs");
	}

	@Test
	void tableOverridesAreRealDepartures() {
		// Each listed override changes the textbook rule (none is stale), and the table has them.
		assertEquals(25, Skeletonize.TABLE_OVERRIDES.length);
		for (final int[] override : Skeletonize.TABLE_OVERRIDES) {
			assertNotEquals(override[1], Skeletonize.zhangSuenPhases(override[0]), "code " + override[0]);
			assertEquals(override[1], Skeletonize.TABLE[override[0]]);
		}
		// A full neighbourhood and an isolated pixel are never removable.
		assertEquals(0, Skeletonize.TABLE[255]);
		assertEquals(0, Skeletonize.TABLE[0]);
	}

	private static int count(final Grids g) {
		int n = 0;
		for (final boolean b : g.pixels)
			if (b) n++;
		return n;
	}
}
