package org.scribble2label.ij;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ColorProcessor;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

import org.scribble2label.core.DeviceChoice;
import org.scribble2label.core.Length;
import org.scribble2label.core.Scribbles;
import org.scribble2label.core.SyntheticImages;
import org.scribble2label.core.TestModels;
import org.scribble2label.core.TrainingImage;
import org.scribble2label.core.metrics.SegmentationMetrics;
import org.scribble2label.core.model.Scribble2LabelModel;
import org.scribble2label.core.predict.Prediction;
import org.scribble2label.core.train.Scribble2LabelTrainer;
import org.scribble2label.io.ScribbledImages;

/**
 * Colour (RGB) images as network input: three channels, red, green and blue; a model of one
 * input channel (every older model file) still gets the luminance it was trained on.
 */
class ColourInputTest {

	private static final SyntheticImages DATA = SyntheticImages.create(64, 3);
	/** Objects reddish, background bluish, both of the same luminance: only colour tells them apart. */
	private static ImagePlus colourImage;
	private static Scribble2LabelModel colourModel;

	@BeforeAll
	static void trainOnColour() throws Exception {
		colourImage = hueOnly(DATA, 8);
		colourModel = new Scribble2LabelTrainer(SyntheticImages.tinyConfig().trainingLength(Length.crops(320)).warmup(Length.crops(120))
			.ensemblePeriod(Length.crops(60)).build()).start(trainingImages(colourImage)).await()
			.model();
	}

	@AfterAll
	static void close() {
		colourModel.close();
	}

	private static List<TrainingImage> trainingImages(final ImagePlus image) {
		return Scribbles.fromLabelImage(DATA.scribbles, null).trainingImages(image.getTitle(), ModelInput.input(image, 0),
			ModelInput.channels(image, 0), ModelInput.colour(image, 0));
	}

	/** Red and blue swap between objects and background, green is flat: the luminance is the same in both. */
	private static ImagePlus hueOnly(final SyntheticImages data, final long seed) {
		final Random random = new Random(seed);
		final int w = (int) data.mask.dimension(0), h = (int) data.mask.dimension(1);
		final byte[] mask = data.mask.update(null).getCurrentStorageArray();
		final ColorProcessor cp = new ColorProcessor(w, h);
		for (int i = 0; i < w * h; i++) {
			final int warm = mask[i] != 0 ? 170 : 70;
			cp.set(i, rgb(warm + noise(random), 120 + noise(random), 240 - warm + noise(random)));
		}
		return new ImagePlus("colour", cp);
	}

	private static int noise(final Random random) {
		return (int) Math.round(random.nextGaussian() * 12);
	}

	private static int rgb(final int r, final int g, final int b) {
		return clamp(r) << 16 | clamp(g) << 8 | clamp(b);
	}

	private static int clamp(final int v) {
		return Math.max(0, Math.min(255, v));
	}

	private static ImagePlus randomColours(final int w, final int h, final int slices, final long seed) {
		final Random random = new Random(seed);
		final ImageStack stack = new ImageStack(w, h);
		for (int z = 0; z < slices; z++) {
			final int[] pixels = new int[w * h];
			for (int i = 0; i < pixels.length; i++)
				pixels[i] = random.nextInt(1 << 24);
			stack.addSlice(new ColorProcessor(w, h, pixels));
		}
		return new ImagePlus("random colours", stack);
	}

	private static float[] floats(final RandomAccessibleInterval<? extends RealType<?>> image) {
		final float[] out = new float[(int) Views.flatIterable(image).size()];
		int i = 0;
		for (final RealType<?> t : Views.flatIterable(image))
			out[i++] = t.getRealFloat();
		return out;
	}

	private static float[] probabilities(final Prediction p) {
		return floats(p.probabilities());
	}

	@Test
	void anRgbImageGoesToTheNetworkAsRedGreenAndBlue() {
		final ImagePlus image = randomColours(3, 2, 2, 1);
		final RandomAccessibleInterval<? extends RealType<?>> input = ModelInput.input(image, 0);
		assertArrayEquals(new long[] { 3, 2, 3, 2 }, input.dimensionsAsLongArray(), "(X, Y, C, Z)");
		assertEquals(3, ModelInput.channels(image, 0));
		assertNotNull(ModelInput.colour(image, 0));
		final int pixel = ((int[]) image.getStack().getPixels(2))[4]; // slice 2, x = 1, y = 1
		assertEquals(pixel >> 16 & 255, input.getAt(1, 1, 0, 1).getRealFloat());
		assertEquals(pixel >> 8 & 255, input.getAt(1, 1, 1, 1).getRealFloat());
		assertEquals(pixel & 255, input.getAt(1, 1, 2, 1).getRealFloat());
		// ImageJ counts an RGB image as one channel: channel 1 is its luminance, ImageJ's grey values.
		assertEquals(1, ModelInput.channels(image, 1));
		assertNull(ModelInput.colour(image, 1));
		assertArrayEquals(floats(ImagePlusAdapter.wrap(image)), floats(ModelInput.input(image, 1)), 0f);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelInput.input(image, 2));
		assertTrue(e.getMessage().endsWith("Use 0 for all channels (of an RGB image: red, green and blue), or 1 for its " +
			"luminance."), e.getMessage());
	}

	@Test
	void theLuminanceOfTheColoursIsImageJsToTheBit() {
		final ImagePlus image = randomColours(16, 8, 2, 2);
		final double[] saved = ColorProcessor.getWeightingFactors();
		try {
			for (final double[] weights : new double[][] { { 1 / 3d, 1 / 3d, 1 / 3d }, { 0.299, 0.587, 0.114 } }) {
				ColorProcessor.setWeightingFactors(weights[0], weights[1], weights[2]);
				final float[] imageJ = new float[16 * 8 * 2];
				for (int z = 1; z <= 2; z++)
					System.arraycopy(image.getStack().getProcessor(z).convertToFloatProcessor().getPixels(), 0, imageJ, (z - 1) * 128,
						128);
				final Img<? extends RealType<?>> luminance = ImagePlusAdapter.colourChannels().luminance(
					ImagePlusAdapter.rgbChannels(image));
				assertArrayEquals(imageJ, floats(luminance), 0f, "weights " + java.util.Arrays.toString(weights));
				assertArrayEquals(imageJ, floats(ImagePlusAdapter.wrap(image)), 0f);
			}
		}
		finally {
			ColorProcessor.setWeightingFactors(saved[0], saved[1], saved[2]);
		}
	}

	@Test
	void aModelOfOneChannelPredictsAnRgbImageExactlyAsBefore() throws Exception {
		final ImagePlus image = hueOnly(TestModels.DATA, 4);
		try (Scribble2LabelModel model = Scribble2LabelModel.load(TestModels.tinyModelFile(), DeviceChoice.CPU)) {
			assertEquals(1, model.spec().inputChannels());
			// Before colour input, every model got wrap's luminance of an RGB image.
			final float[] before = probabilities(model.predict(ImagePlusAdapter.wrap(image)));
			assertArrayEquals(before, probabilities(model.predict(ModelInput.input(image, 0, model))), 0f);
			assertArrayEquals(before, probabilities(ModelInput.predict(image, 0, model, () -> false)), 0f);
		}
	}

	@Test
	void aTrainingOnAnRgbImageGivesAModelOfThreeChannelsThatSeesColour(@TempDir final Path folder) throws Exception {
		assertEquals(3, colourModel.spec().inputChannels());
		final Prediction trained = colourModel.predict(ModelInput.input(colourImage, 0, colourModel));
		// The luminance alone cannot tell objects from background (a model blind to colour scores at most the
		// share of object pixels, by calling every pixel an object); the three channels can.
		final double[] sums = new double[2];
		final int[] counts = new int[2];
		final float[] luminance = floats(ImagePlusAdapter.wrap(colourImage));
		final byte[] mask = DATA.mask.update(null).getCurrentStorageArray();
		for (int i = 0; i < mask.length; i++) {
			sums[mask[i]] += luminance[i];
			counts[mask[i]]++;
		}
		assertEquals(sums[0] / counts[0], sums[1] / counts[1], 2, "mean luminance of background and objects");
		final double iou = SegmentationMetrics.foregroundIoU(trained.labels(), DATA.mask);
		assertTrue(iou > 0.6, "objects differ from the background in colour only: IoU " + iou);
		final Path file = folder.resolve("colour.zip");
		colourModel.save(file, false);
		try (ZipFile zip = new ZipFile(file.toFile())) {
			final JsonObject descriptor = JsonParser.parseString(new String(zip.getInputStream(zip.getEntry("model.json"))
				.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
			assertEquals(3, descriptor.getAsJsonObject("architecture").get("inputChannels").getAsInt(), descriptor.toString());
		}
		try (Scribble2LabelModel loaded = Scribble2LabelModel.load(file, DeviceChoice.CPU)) {
			assertEquals(3, loaded.spec().inputChannels());
			assertArrayEquals(probabilities(trained), probabilities(loaded.predict(ModelInput.input(colourImage, 0, loaded))), 0f);
			assertArrayEquals(probabilities(trained), probabilities(ModelInput.predict(colourImage, 0, loaded, () -> false)), 0f);
		}
	}

	@Test
	void aTrainingFromAModelOfOneChannelTrainsOnTheLuminance() throws Exception {
		try (Scribble2LabelModel start = Scribble2LabelModel.load(TestModels.tinyModelFile(), DeviceChoice.CPU);
			Scribble2LabelModel model = new Scribble2LabelTrainer(SyntheticImages.tinyConfig().trainingLength(Length.crops(16))
				.warmup(Length.crops(8)).ensemblePeriod(Length.crops(8)).build()).startFrom(start)
				.start(trainingImages(colourImage)).await().model())
		{
			assertEquals(1, model.spec().inputChannels());
			assertEquals(64, model.predict(ModelInput.input(colourImage, 0, model)).labels().dimension(0));
		}
	}

	@Test
	void imagesThatDoNotFitTheModelSayWhatToDo() {
		final ImagePlus grey = new ImagePlus("grey", new ij.process.ByteProcessor(64, 64));
		final IllegalArgumentException toColourModel = assertThrows(IllegalArgumentException.class,
			() -> ModelInput.input(grey, 0, colourModel));
		assertEquals("The model was trained on 3 channel(s), but 1 of 'grey' would be used. Use an image with 3 channels (for a " +
			"model trained on colour: an RGB image), or a model trained on this kind of image.", toColourModel.getMessage());
		final IllegalArgumentException luminance = assertThrows(IllegalArgumentException.class,
			() -> ModelInput.input(colourImage, 1, colourModel));
		assertTrue(luminance.getMessage().endsWith("Set 'Channel' to 0 (all channels); on the command line, leave out --channel."),
			luminance.getMessage());
		final IllegalArgumentException continued = assertThrows(IllegalArgumentException.class,
			() -> new Scribble2LabelTrainer(SyntheticImages.tinyConfig().build()).continueFrom(colourModel).start(List.of(
				new TrainingImage("grey", ImagePlusAdapter.wrap(grey), DATA.scribbles))));
		assertTrue(continued.getMessage().contains("trained on images of 3 channel(s), but 'grey' has 1. Train on images like the " +
			"model's (three channels: colour RGB images, for example)"), continued.getMessage());
	}

	@Test
	void colourImageFilesTrainOnTheirColours(@TempDir final Path folder) throws Exception {
		final Path image = folder.resolve("colour.tif"), scribbles = folder.resolve("colour_scribbles.tif");
		assertTrue(new FileSaver(colourImage).saveAsTiff(image.toString()));
		assertTrue(new FileSaver(ImagePlusAdapter.toImagePlus(DATA.scribbles, "scribbles", null)).saveAsTiff(scribbles.toString()));
		final ScribbledImages read = new ScribbledImages().add(image, scribbles);
		assertTrue(read.firstIsColour());
		final TrainingImage first = read.images().get(0);
		assertEquals(3, first.channels());
		assertNotNull(first.colour());
		assertArrayEquals(floats(ImagePlusAdapter.rgbChannels(colourImage)), floats(first.image()), 0f);
	}
}
