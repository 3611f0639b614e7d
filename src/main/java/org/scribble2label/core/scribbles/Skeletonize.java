package org.scribble2label.core.scribbles;

/**
 * 2D skeletonisation that reproduces scikit-image's {@code skeletonize} (method "zhang", the
 * function the official Scribble2Label code calls), so that simulated scribbles match the paper's.
 * <p>
 * Like scikit-image it is the parallel two-phase thinning of Zhang and Suen (1984): in each phase
 * every set pixel is classified from the state at the start of the phase by its 8-neighbourhood
 * code, the removable ones are cleared together, and phases alternate until a whole round removes
 * nothing. Pixels outside the image count as unset (scikit-image pads with a zero border).
 * <p>
 * Which neighbourhoods are removable in which phase comes from scikit-image's lookup table. That
 * table is the textbook Zhang–Suen rule (2 to 6 set neighbours, exactly one unset-to-set
 * transition around the pixel, and the phase's two "one of three is unset" conditions) except for
 * 25 of the 256 neighbourhoods, listed in {@link #TABLE_OVERRIDES}; we build the textbook rule
 * and apply those overrides, which reproduces the table entry for entry.
 */
final class Skeletonize {

	/** Neighbour bits of the neighbourhood code; north is the row above (smaller Y). */
	static final int NW = 1, N = 2, NE = 4, E = 8, SE = 16, S = 32, SW = 64, W = 128;

	/** Phase bits of a table entry: removable in the first phase, in the second phase. */
	static final int FIRST = 1, SECOND = 2;

	/**
	 * Neighbourhood codes where scikit-image's table departs from the textbook Zhang–Suen rule,
	 * with its phases. Diagonal staircase steps (two edge neighbours at a right angle, no corner
	 * between them) are removable, which the textbook rule keeps (two transitions); line ends and
	 * L-shaped corners are removable in one phase only (or not at all), so lines are not eaten
	 * from both ends.
	 */
	static final int[][] TABLE_OVERRIDES = {
		// Staircase steps: removable in both phases.
		{ N | E, FIRST | SECOND }, { E | S, FIRST | SECOND }, { N | W, FIRST | SECOND }, { S | W, FIRST | SECOND },
		// Staircase steps with extra corner neighbours: one phase.
		{ NW | N | E, FIRST }, { N | NE | W, FIRST }, { NW | S | W, FIRST }, { N | SW | W, FIRST },
		{ N | NE | SW | W, FIRST },
		{ N | E | SE, SECOND }, { E | S | SW, SECOND }, { SE | S | W, SECOND }, { NE | E | S | SW, SECOND },
		// Line ends (two adjacent neighbours): one phase, or kept.
		{ NW | N, FIRST }, { N | NE, FIRST }, { NE | E, FIRST },
		{ E | SE, SECOND }, { S | SW, SECOND }, { SW | W, SECOND },
		{ SE | S, 0 }, { W | NW, 0 },
		// L-shaped corners (two edge neighbours and the corner between them): one phase.
		{ N | NE | E, FIRST }, { NW | N | W, FIRST },
		{ E | SE | S, SECOND }, { S | SW | W, SECOND } };

	/** Phases in which a pixel with a given neighbourhood code is removable. */
	static final int[] TABLE = buildTable();

	private Skeletonize() {}

	/** The textbook Zhang–Suen phases for a neighbourhood code. */
	static int zhangSuenPhases(final int code) {
		// P2..P9 clockwise from north, as in Zhang and Suen's paper.
		final int[] ring = { bit(code, N), bit(code, NE), bit(code, E), bit(code, SE), bit(code, S), bit(code, SW),
			bit(code, W), bit(code, NW) };
		int setNeighbours = 0, transitions = 0;
		for (int i = 0; i < 8; i++) {
			setNeighbours += ring[i];
			if (ring[i] == 0 && ring[(i + 1) % 8] == 1) transitions++;
		}
		if (setNeighbours < 2 || setNeighbours > 6 || transitions != 1) return 0;
		final int north = ring[0], east = ring[2], south = ring[4], west = ring[6];
		int phases = 0;
		if (north * east * south == 0 && east * south * west == 0) phases |= FIRST;
		if (north * east * west == 0 && north * south * west == 0) phases |= SECOND;
		return phases;
	}

	private static int bit(final int code, final int neighbour) {
		return (code & neighbour) != 0 ? 1 : 0;
	}

	private static int[] buildTable() {
		final int[] table = new int[256];
		for (int code = 0; code < 256; code++)
			table[code] = zhangSuenPhases(code);
		for (final int[] override : TABLE_OVERRIDES)
			table[override[0]] = override[1];
		return table;
	}

	/**
	 * The skeleton of a row-major binary mask of width w and height h.
	 *
	 * @return a new mask holding the 1-pixel-thin skeleton
	 */
	static boolean[] skeletonize(final boolean[] mask, final int w, final int h) {
		// Padded copy: a zero border makes every pixel have 8 neighbours.
		final int pw = w + 2;
		final boolean[] image = new boolean[pw * (h + 2)];
		int setPixels = 0;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				if (mask[y * w + x]) {
					image[(y + 1) * pw + x + 1] = true;
					setPixels++;
				}
		// Only set pixels with an unset neighbour can be removable (a full neighbourhood never is), and a
		// pixel's class changes only when a neighbour goes; so each phase examines the border pixels
		// still set plus the neighbours of the pixels just removed. Classification reads the state at
		// the start of the phase and removals are applied together, so the order does not matter.
		final int[] offsets = { -pw - 1, -pw, -pw + 1, 1, pw + 1, pw, pw - 1, -1 };
		final boolean[] listed = new boolean[image.length];
		int[] active = new int[setPixels];
		int n = 0;
		for (int i = 0; i < image.length; i++)
			if (image[i] && code(image, i, pw) != 255) {
				active[n++] = i;
				listed[i] = true;
			}
		int[] next = new int[setPixels];
		final int[] removable = new int[setPixels];
		int idlePhases = 0;
		// Two consecutive phases without removal leave a state stable under both: where scikit-image's
		// loop (rounds of phase 1 then 2, until a round removes nothing) ends too, with the same result.
		for (int phase = FIRST; idlePhases < 2; phase = phase == FIRST ? SECOND : FIRST) {
			int count = 0;
			for (int k = 0; k < n; k++) {
				final int i = active[k];
				if ((TABLE[code(image, i, pw)] & phase) != 0) removable[count++] = i;
			}
			if (count == 0) {
				idlePhases++;
				continue;
			}
			idlePhases = 0;
			for (int k = 0; k < count; k++)
				image[removable[k]] = false;
			int m = 0;
			for (int k = 0; k < n; k++) {
				final int i = active[k];
				if (image[i]) next[m++] = i;
				else listed[i] = false;
			}
			for (int k = 0; k < count; k++)
				for (final int offset : offsets) {
					final int j = removable[k] + offset;
					if (image[j] && !listed[j]) {
						listed[j] = true;
						next[m++] = j;
					}
				}
			final int[] swap = active;
			active = next;
			next = swap;
			n = m;
		}
		final boolean[] skeleton = new boolean[w * h];
		for (int y = 0; y < h; y++)
			System.arraycopy(image, (y + 1) * pw + 1, skeleton, y * w, w);
		return skeleton;
	}

	/** The neighbourhood code of padded pixel i in a padded image of width pw. */
	private static int code(final boolean[] image, final int i, final int pw) {
		final int up = i - pw, down = i + pw;
		return (image[up - 1] ? NW : 0) | (image[up] ? N : 0) | (image[up + 1] ? NE : 0) | (image[i + 1] ? E : 0) |
			(image[down + 1] ? SE : 0) | (image[down] ? S : 0) | (image[down - 1] ? SW : 0) | (image[i - 1] ? W : 0);
	}
}
