package org.scribble2label.io.labkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scribble2label.io.labkit.LabelingTestData.assertSameLabels;
import static org.scribble2label.io.labkit.LabelingTestData.scribbles;
import static org.scribble2label.io.labkit.LabelingTestData.values;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.scribble2label.core.Scribbles;

class LabelingFileTest {

	@TempDir
	Path folder;

	/** 7 x 5: background, foreground, a non-ASCII class, and an empty class. */
	private static Scribbles sample2D() {
		final int[] values = new int[35];
		values[0] = 1;
		values[1] = 1;
		values[8] = 2;
		values[34] = 2;
		values[20] = 3;
		return scribbles(values, List.of("background", "foreground", "Zellkern \u00b5 \"quoted\"", "empty"), 7, 5);
	}

	@Test
	void roundTrip2D() throws IOException {
		final Scribbles written = sample2D();
		final Path file = folder.resolve("cells.tif.labeling");
		LabelingFile.write(written, file, null, false);
		final Scribbles read = LabelingFile.read(file, new long[] { 7, 5 });
		assertSameLabels(written, read);
		assertEquals(written.classNames(), read.classNames());
		assertEquals(List.of(), read.warnings());
	}

	@Test
	void roundTripStack() throws IOException {
		final int[] values = new int[4 * 3 * 5];
		for (int i = 0; i < values.length; i += 3)
			values[i] = 1 + (i / 3) % 3;
		final Scribbles written = scribbles(values, List.of("background", "nucleus", "membrane"), 4, 3, 5);
		final Path file = folder.resolve("stack.labeling");
		LabelingFile.write(written, file, new PixelCalibration(0.5, 0.5, 2, "\u00b5m"), false);
		final Scribbles read = LabelingFile.read(file, new long[] { 4, 3, 5 });
		assertSameLabels(written, read);
		assertEquals(written.classNames(), read.classNames());
	}

	@Test
	void writesLabkitsLayoutInAscii() throws IOException {
		final Path file = folder.resolve("layout.labeling");
		LabelingFile.write(sample2D(), file, new PixelCalibration(0.25, 0.5, 1, "\u00b5m"), false);
		final byte[] bytes = Files.readAllBytes(file);
		for (final byte b : bytes)
			assertTrue(b >= 0, "only ASCII, so Labkit reads it whatever its encoding");
		final JsonObject json = JsonParser.parseString(new String(bytes, StandardCharsets.US_ASCII)).getAsJsonObject();
		assertEquals(List.of("interval", "pixelSizes", "labels", "colors"), new ArrayList<>(json.keySet()));
		final JsonObject interval = json.getAsJsonObject("interval");
		assertEquals("[0,0]", interval.get("min").toString());
		assertEquals("[6,4]", interval.get("max").toString());
		assertEquals(2, interval.get("n").getAsInt());
		final JsonArray sizes = json.getAsJsonArray("pixelSizes");
		assertEquals(2, sizes.size());
		assertEquals(0.25, sizes.get(0).getAsJsonObject().get("size").getAsDouble());
		assertEquals(0.5, sizes.get(1).getAsJsonObject().get("size").getAsDouble());
		assertEquals("\u00b5m", sizes.get(1).getAsJsonObject().get("unit").getAsString());
		final JsonObject labels = json.getAsJsonObject("labels");
		assertEquals(sample2D().classNames(), new ArrayList<>(labels.keySet()));
		assertEquals("[[0,0],[1,0]]", labels.get("background").toString());
		assertEquals("[[1,1],[6,4]]", labels.get("foreground").toString());
		assertEquals("[]", labels.get("empty").toString());
		final JsonObject colors = json.getAsJsonObject("colors");
		assertEquals("#004AFF", colors.get("background").getAsString());
		assertEquals("#FF0000", colors.get("foreground").getAsString());
		assertEquals("#00FF4A", colors.get("Zellkern \u00b5 \"quoted\"").getAsString());
		assertEquals("#9500FF", colors.get("empty").getAsString());
	}

	@Test
	void uncalibratedPixelSizesAreOnePixel() throws IOException {
		final Path file = folder.resolve("plain.labeling");
		LabelingFile.write(sample2D(), file, null, false);
		final JsonObject size = JsonParser.parseString(Files.readString(file)).getAsJsonObject().getAsJsonArray(
			"pixelSizes").get(0).getAsJsonObject();
		assertEquals(1.0, size.get("size").getAsDouble());
		assertEquals("pixel", size.get("unit").getAsString());
	}

	@Test
	void labkitColorsFollowTheGoldenAngle() {
		assertEquals(List.of("#004AFF", "#FF0000", "#00FF4A", "#9500FF"), LabkitColors.colors(4));
		final List<String> many = LabkitColors.colors(12);
		assertEquals(12, many.stream().distinct().count(), "no repeats among the first colours");
		for (int i = 0; i < many.size(); i++) {
			assertEquals(many.get(i), LabkitColors.color(i));
			assertTrue(many.get(i).matches("#[0-9A-F]{6}"), many.get(i));
		}
	}

	@Test
	void defaultLabelingPathIsNextToTheImage() {
		assertEquals(Paths.get("/data/cells.tif.labeling"), LabelingFile.defaultLabelingPath(Paths.get("/data/cells.tif")));
	}

	@Test
	void refusesToOverwriteUnlessAllowed() throws IOException {
		final Path file = folder.resolve("exists.labeling");
		Files.writeString(file, "old");
		final IOException e = assertThrows(IOException.class, () -> LabelingFile.write(sample2D(), file, null, false));
		assertTrue(e.getMessage().contains("already exists"), e.getMessage());
		assertEquals("old", Files.readString(file));
		LabelingFile.write(sample2D(), file, null, true);
		assertEquals(sample2D().classNames(), LabelingFile.read(file).classNames());
	}

	@Test
	void refusesDuplicateClassNamesOnWrite() {
		final Scribbles twice = scribbles(new int[4], List.of("background", "cell", "cell"), 2, 2);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelingFile.write(twice,
			folder.resolve("twice.labeling"), null, false));
		assertTrue(e.getMessage().contains("\"cell\" is used twice"), e.getMessage());
	}

	/** As Labkit writes it: key order, inclusive max, calibrated sizes, colours. */
	@Test
	void readsLabkitFixture() throws IOException {
		final Path file = write("fixture.labeling", "{\"interval\":{\"min\":[0,0],\"max\":[6,4],\"n\":2},"
			+ "\"pixelSizes\":[{\"size\":0.3225,\"unit\":\"\u00b5m\"},{\"size\":0.3225,\"unit\":\"\u00b5m\"}],"
			+ "\"labels\":{\"background\":[[0,0],[6,0],[3,2]],\"foreground\":[[1,1],[2,1]],\"Label 1\":[[6,4]]},"
			+ "\"colors\":{\"background\":\"#004AFF\",\"foreground\":\"#FF0000\",\"Label 1\":\"#00FF4A\"}}");
		final Scribbles read = LabelingFile.read(file, new long[] { 7, 5 });
		assertEquals(List.of("background", "foreground", "Label 1"), read.classNames());
		assertArrayEquals(new long[] { 7, 5 }, read.labels().dimensionsAsLongArray());
		assertArrayEquals(fixturePixels(), values(read));
		assertEquals(List.of(), read.warnings());
	}

	private static int[] fixturePixels() {
		final int[] expected = new int[35];
		expected[0] = 1;
		expected[6] = 1;
		expected[3 + 2 * 7] = 1;
		expected[1 + 7] = 2;
		expected[2 + 7] = 2;
		expected[6 + 4 * 7] = 3;
		return expected;
	}

	/** Older or hand-written files: no colours, no pixel sizes, other key order, unknown keys. */
	@Test
	void readsOtherKeyOrderWithoutColoursAndWithUnknownKeys() throws IOException {
		final Path file = write("reordered.labeling", "{\"comment\":{\"by\":[\"hand\",1,null]},"
			+ "\"labels\":{\"background\":[[0,0],[6,0],[3,2]],\"foreground\":[[1,1],[2,1]],\"Label 1\":[[6,4]]},"
			+ "\"interval\":{\"n\":2,\"max\":[6,4],\"min\":[0,0],\"extra\":true},\"version\":3}");
		final Scribbles read = LabelingFile.read(file);
		assertEquals(List.of("background", "foreground", "Label 1"), read.classNames());
		assertArrayEquals(fixturePixels(), values(read));
	}

	@Test
	void takesTheFirstLabelAsBackgroundWhenNoneIsNamedSo() throws IOException {
		final Path file = labeling("{\"cytoplasm\":[[0,0]],\"nucleus\":[[1,0]]}", 2, 1);
		final Scribbles read = LabelingFile.read(file);
		assertEquals(List.of("cytoplasm", "nucleus"), read.classNames());
		assertArrayEquals(new int[] { 1, 2 }, values(read));
		assertEquals(1, read.warnings().size());
		assertTrue(read.warnings().get(0).contains("first label \"cytoplasm\" is taken as the background"),
			read.warnings().get(0));
	}

	@Test
	void theBackgroundLabelIsValueOneWhereverItIs() throws IOException {
		final Path file = labeling("{\"cell\":[[0,0]],\"Background\":[[1,0]],\"debris\":[[2,0]]}", 3, 1);
		final Scribbles read = LabelingFile.read(file);
		assertEquals(List.of("Background", "cell", "debris"), read.classNames());
		assertArrayEquals(new int[] { 2, 1, 3 }, values(read));
		assertEquals(List.of(), read.warnings());
	}

	@Test
	void skipsAndCountsCoordinatesOutsideTheInterval() throws IOException {
		final Path file = labeling("{\"background\":[[0,0],[-1,0],[3,0],[0,2]],"
			+ "\"foreground\":[[2,1],[99999999999999999999999,0],[0,-99999999999999999999],[1e30,1]]}", 3, 2);
		final Scribbles read = LabelingFile.read(file);
		assertArrayEquals(new int[] { 1, 0, 0, 0, 0, 2 }, values(read));
		assertEquals(1, read.warnings().size());
		assertTrue(read.warnings().get(0).startsWith("6 scribbled pixel(s) lie outside"), read.warnings().get(0));
	}

	@Test
	void leavesPixelsOfSeveralLabelsUnlabelled() throws IOException {
		final Path file = labeling("{\"background\":[[0,0],[1,0],[1,0]],\"foreground\":[[1,0],[2,0]],"
			+ "\"other\":[[1,0],[2,0],[3,0]]}", 4, 1);
		final Scribbles read = LabelingFile.read(file);
		assertArrayEquals(new int[] { 1, 0, 0, 3 }, values(read), "[1,0] and [2,0] are claimed twice, [1,0] even thrice");
		assertEquals(1, read.warnings().size());
		final String warning = read.warnings().get(0);
		assertTrue(warning.startsWith("2 pixel(s) carry more than one label"), warning);
		assertTrue(warning.contains("\"background\" and \"foreground\" at [1, 0]"), warning);
		assertTrue(warning.contains("left unlabelled"), warning);
	}

	@Test
	void keepsEmptyLabels() throws IOException {
		final Path file = labeling("{\"background\":[[0,0]],\"foreground\":[],\"Label 1\":[[1,0]]}", 2, 1);
		final Scribbles read = LabelingFile.read(file);
		assertEquals(List.of("background", "foreground", "Label 1"), read.classNames());
		assertArrayEquals(new int[] { 1, 3 }, values(read));
		assertArrayEquals(new long[] { 0, 1, 0, 1 }, read.counts());
	}

	@Test
	void readsASingleTimePointAsAStack() throws IOException {
		final Path file = write("xyzt.labeling", "{\"interval\":{\"min\":[0,0,0,0],\"max\":[1,0,2,0],\"n\":4},"
			+ "\"labels\":{\"background\":[[0,0,0,0],[1,0,2,0]],\"foreground\":[[1,0,1,0],[1,0,1,1]]}}");
		final Scribbles read = LabelingFile.read(file, new long[] { 2, 1, 3 });
		assertArrayEquals(new long[] { 2, 1, 3 }, read.labels().dimensionsAsLongArray());
		assertArrayEquals(new int[] { 1, 0, 0, 2, 0, 1 }, values(read));
		assertTrue(read.warnings().get(0).startsWith("1 scribbled pixel(s) lie outside"), read.warnings().toString());
	}

	@Test
	void readsFilesSavedInLatin1() throws IOException {
		final Path file = folder.resolve("windows.labeling");
		Files.write(file, ("{\"interval\":{\"min\":[0,0],\"max\":[1,0],\"n\":2},\"pixelSizes\":[{\"size\":1.0," +
			"\"unit\":\"\u00b5m\"},{\"size\":1.0,\"unit\":\"\u00b5m\"}],\"labels\":{\"background\":[[0,0]],\"Zelle \u00e4\":" +
			"[[1,0]]}}").getBytes(StandardCharsets.ISO_8859_1));
		assertEquals(List.of("background", "Zelle \u00e4"), LabelingFile.read(file).classNames());
	}

	@Test
	void messageForMissingFile() {
		assertMessage(folder.resolve("none.labeling"), "There is no Labkit labeling at");
	}

	@Test
	void messageForEmptyFile() throws IOException {
		assertMessage(write("empty.labeling", ""), "the file is empty", "Save Labeling");
		assertMessage(write("blank.labeling", " \n\t "), "the file is empty");
	}

	@Test
	void messageForNotJson() throws IOException {
		final String message = assertMessage(write("text.labeling", "hello labkit"), "it is not valid JSON", "line 1");
		assertFalse(message.contains("setLenient"), "no advice meant for programmers: " + message);
		assertMessage(write("array.labeling", "[1, 2]"), "it is not a Labkit labeling", "an array");
		assertMessage(write("two.labeling", "{} {}"), "not valid JSON");
	}

	@Test
	void messageForTruncatedFile() throws IOException {
		final String whole = "{\"interval\":{\"min\":[0,0],\"max\":[1,1],\"n\":2},\"labels\":{\"background\":[[0,0],[1,1]]}}";
		assertMessage(write("cut.labeling", whole.substring(0, 70)), "ends too early", "cut off", "Save Labeling");
		assertMessage(write("cutString.labeling", whole.substring(0, 58)), "Unterminated string", "may be cut off");
	}

	@Test
	void messageForUnsupportedDimensions() throws IOException {
		assertMessage(interval("\"min\":[0],\"max\":[9],\"n\":1"), "it has 1 dimension(s)", "2D (X, Y) and 3D");
		assertMessage(interval("\"min\":[0,0,0,0,0],\"max\":[9,9,9,9,9],\"n\":5"), "it has 5 dimension(s)");
		assertMessage(interval("\"min\":[0,0],\"max\":[9,9],\"n\":3"), "\"n\" is 3 but its \"max\" has 2 entries");
		assertMessage(interval("\"min\":[0,0],\"max\":[9,9],\"n\":\"2\""), "\"n\" should be a number but is a string");
		assertMessage(interval("\"min\":[0,0],\"max\":[9,9],\"n\":2.5"), "should be a whole number but is 2.5");
		assertMessage(interval("\"min\":[0,0,0,0],\"max\":[9,9,4,6],\"n\":4"), "it is a time series", "7 time points",
			"one time point at a time");
	}

	@Test
	void messageForUnusableIntervals() throws IOException {
		assertMessage(interval("\"min\":[0,0],\"max\":[99999,99999999]"), "larger than supported");
		assertMessage(interval("\"min\":[0,0],\"max\":[99999999999999999999999,1]"), "larger than supported");
		assertMessage(interval("\"min\":[0,0,0],\"max\":[60000,60000,60000]"), "larger than supported");
		assertMessage(interval("\"min\":[0,0],\"max\":[-1,4]"), "interval is empty");
		assertMessage(interval("\"min\":[5,5],\"max\":[9,9]"), "starts at [5, 5] instead of 0");
		assertMessage(interval("\"min\":[0,0]"), "has no \"max\"");
		assertMessage(write("noInterval.labeling", "{\"labels\":{\"background\":[]}}"), "no \"interval\"");
	}

	@Test
	void messageForBadCoordinates() throws IOException {
		assertMessage(labeling("{\"background\":[[0,0,0]]}", 2, 2), "[0, 0, 0] of label \"background\"",
			"has 3 number(s) but the labeling has 2 dimensions");
		assertMessage(write("lengthsFirst.labeling", "{\"labels\":{\"a\":[[0,0]],\"b\":[[1]]},"
			+ "\"interval\":{\"min\":[0,0],\"max\":[1,1],\"n\":2}}"), "different lengths");
		assertMessage(write("lengthsAfter.labeling", "{\"labels\":{\"a\":[[0,0,0]]},"
			+ "\"interval\":{\"min\":[0,0],\"max\":[1,1],\"n\":2}}"), "has 3 number(s) but the labeling has 2");
		assertMessage(labeling("{\"background\":[[0,0.5]]}", 2, 2), "should be a whole number but is 0.5");
		assertMessage(labeling("{\"background\":[[0,\"1\"]]}", 2, 2), "should be a number but is a string");
		assertMessage(labeling("{\"background\":[0,1]}", 2, 2), "a coordinate of label \"background\" should be an array");
		assertMessage(labeling("{\"background\":{\"x\":1}}", 2, 2), "the pixels of label \"background\" should be an array");
		assertMessage(labeling("{\"background\":[[0,0,0,0,0,0]]}", 2, 2), "more than 4 numbers");
		assertMessage(labeling("[\"background\"]", 2, 2), "\"labels\" should be an object");
		assertMessage(labeling("{}", 2, 2), "it has no labels");
		assertMessage(write("noLabels.labeling", "{\"interval\":{\"min\":[0,0],\"max\":[1,1],\"n\":2}}"), "no \"labels\"");
	}

	@Test
	void messageForDuplicateNames() throws IOException {
		assertMessage(labeling("{\"background\":[[0,0]],\"cell\":[[1,0]],\"cell\":[[1,1]]}", 2, 2),
			"the label \"cell\" appears twice", "must be unique");
		assertMessage(write("twoIntervals.labeling", "{\"interval\":{\"max\":[1,1]},\"interval\":{\"max\":[1,1]}," +
			"\"labels\":{}}"), "\"interval\" appears twice");
	}

	@Test
	void messageForWrongTypes() throws IOException {
		assertMessage(write("types1.labeling", "{\"interval\":[1,1],\"labels\":{}}"), "\"interval\" should be an object");
		assertMessage(write("types2.labeling", "{\"interval\":{\"max\":[1,1]},\"pixelSizes\":{},\"labels\":{}}"),
			"\"pixelSizes\" should be an array");
		assertMessage(write("types3.labeling", "{\"interval\":{\"max\":[1,1]},\"labels\":{\"a\":[]},\"colors\":[]}"),
			"\"colors\" should be an object");
		assertMessage(write("types4.labeling", "{\"interval\":{\"max\":[1,1]},\"labels\":{\"a\":[]},\"colors\":{\"a\":1}}"),
			"the colour of \"a\" should be a string");
		assertMessage(write("types5.labeling", "{\"interval\":{\"max\":[\"1\",1]},\"labels\":{}}"), "should be a number");
	}

	@Test
	void messageForSizeMismatch() throws IOException {
		final Path file = interval("\"min\":[0,0],\"max\":[511,511],\"n\":2");
		final LabelingFormatException e = assertThrows(LabelingFormatException.class, () -> LabelingFile.read(file,
			new long[] { 696, 520 }));
		assertTrue(e.getMessage().contains("the labeling is 512 x 512 but the image is 696 x 520"), e.getMessage());
		assertTrue(e.getMessage().contains("Choose the labeling saved for this image"), e.getMessage());
		assertFalse(e.getMessage().contains("resolution"), e.getMessage());
		assertThrows(LabelingFormatException.class, () -> LabelingFile.read(file, new long[] { 512, 512, 3 }));
		assertArrayEquals(new long[] { 512, 512 }, LabelingFile.read(file, new long[] { 512, 512, 1 }).labels()
			.dimensionsAsLongArray(), "a trailing axis of size 1 is no mismatch");
	}

	@Test
	void messageForDownscaledLabeling() throws IOException {
		final Path file = interval("\"min\":[0,0],\"max\":[1249,999],\"n\":2");
		final LabelingFormatException e = assertThrows(LabelingFormatException.class, () -> LabelingFile.read(file,
			new long[] { 5003, 4001 }));
		assertTrue(e.getMessage().contains("the labeling is 1250 x 1000 but the image is 5003 x 4001"), e.getMessage());
		assertTrue(e.getMessage().contains("1/4 of the image's resolution"), e.getMessage());
		assertTrue(e.getMessage().contains("not supported"), e.getMessage());
	}

	/** Cut and damaged versions of a valid file give a result or our exception, nothing else. */
	@Test
	void damagedFilesNeverEscapeAsRuntimeErrors() throws IOException {
		final Path valid = folder.resolve("valid.labeling");
		LabelingFile.write(sample2D(), valid, new PixelCalibration(1, 1, 1, "\u00b5m"), false);
		final byte[] bytes = Files.readAllBytes(valid);
		final Path damaged = folder.resolve("damaged.labeling");
		final byte[] replacements = "{}[],:\"0-9e.x \u0000".getBytes(StandardCharsets.ISO_8859_1);
		final Random random = new Random(42);
		final int complete = new String(bytes, StandardCharsets.US_ASCII).lastIndexOf('}') + 1;
		for (int length = 0; length < complete; length++) {
			Files.write(damaged, Arrays.copyOf(bytes, length));
			assertThrows(LabelingFormatException.class, () -> LabelingFile.read(damaged), "cut at " + length);
		}
		final List<byte[]> variants = new ArrayList<>();
		for (int i = 0; i < 400; i++) {
			final byte[] changed = bytes.clone();
			for (int k = 1 + random.nextInt(3); k > 0; k--)
				changed[random.nextInt(changed.length)] = replacements[random.nextInt(replacements.length)];
			variants.add(changed);
		}
		int failures = 0;
		for (final byte[] variant : variants) {
			Files.write(damaged, variant);
			try {
				LabelingFile.read(damaged, new long[] { 7, 5 });
			}
			catch (final LabelingFormatException expected) {
				failures++;
				assertTrue(expected.getMessage().startsWith("Cannot read the Labkit labeling "), expected.getMessage());
			}
		}
		assertTrue(failures > 100, "most damaged files fail: " + failures);
	}

	private String assertMessage(final Path file, final String... parts) {
		final LabelingFormatException e = assertThrows(LabelingFormatException.class, () -> LabelingFile.read(file));
		for (final String part : parts)
			assertTrue(e.getMessage().contains(part), "'" + part + "' missing in: " + e.getMessage());
		assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
		return e.getMessage();
	}

	private int fileCount;

	private Path write(final String name, final String content) throws IOException {
		final Path file = folder.resolve(name);
		Files.writeString(file, content);
		return file;
	}

	private Path labeling(final String labels, final int width, final int height) throws IOException {
		return write("labeling" + fileCount++ + ".labeling", "{\"interval\":{\"min\":[0,0],\"max\":[" + (width - 1) + "," +
			(height - 1) + "],\"n\":2},\"labels\":" + labels + "}");
	}

	private Path interval(final String interval) throws IOException {
		return write("interval" + fileCount++ + ".labeling", "{\"interval\":{" + interval +
			"},\"labels\":{\"background\":[]}}");
	}
}
