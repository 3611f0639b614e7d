package org.scribble2label.core.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import org.scribble2label.core.model.DjlRuntime;

/**
 * The forward and backward pass of one optimisation step: a batch of crops to the engine, the
 * pseudo-labels that come from the prediction itself, the objective and the gradients of all
 * parameters. The optimiser applies them afterwards.
 */
final class TrainingStep {

	private final Block network;
	private final NDManager manager;
	private final ParameterStore parameterStore;
	private final TrainingObjective objective;
	private final StepBuffers buffers;

	/** @param manager holds the network's parameters; each step's arrays live in a sub-manager of it */
	TrainingStep(final Block network, final NDManager manager, final TrainingObjective objective, final CropBatch batch) {
		this.network = network;
		this.manager = manager;
		this.parameterStore = new ParameterStore(manager, false);
		this.objective = objective;
		this.buffers = new StepBuffers(batch);
	}

	/**
	 * @param pseudoLabels the strategy when this step uses pseudo-labels, else null; labels from
	 *          the prediction are taken only if it gives them
	 * @return the losses of the batch
	 */
	LossValues run(final CropBatch batch, final PseudoLabelStrategy pseudoLabels) {
		try (NDManager step = manager.newSubManager()) {
			buffers.fill(batch);
			final int n = batch.size, c = batch.channels, s = batch.crop;
			final NDArray x = step.create(buffers.images, new Shape(n, c, s, s), DataType.FLOAT32);
			BatchArrays arrays = new BatchArrays(x, step.create(buffers.targets, new Shape(n, s, s), DataType.INT64),
				step.create(buffers.scribbleWeights, new Shape(n, s, s), DataType.FLOAT32),
				batch.hasPseudoLabels ? step.create(buffers.pseudoWeights, new Shape(n, s, s), DataType.FLOAT32) : null);
			final TrainingObjective.Evaluation losses;
			try (GradientCollector collector = DjlRuntime.engine().newGradientCollector()) {
				final NDArray logits = network.forward(parameterStore, new NDList(x), true).singletonOrThrow();
				if (pseudoLabels != null && pseudoLabels.labelsFromPrediction()) arrays = pseudoLabels.fromPrediction(arrays, logits);
				losses = objective.evaluate(arrays, logits);
				collector.backward(losses.total);
			}
			return losses.read();
		}
	}

	/** Copies all parameters (BatchNorm statistics included) into {@code manager}, on its device. */
	static void copyWeights(final Block from, final Block to, final NDManager manager) {
		try {
			final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			from.saveParameters(new DataOutputStream(bytes));
			to.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
		}
		catch (final IOException | MalformedModelException e) {
			throw new IllegalStateException("Cannot copy the weights of the model: " + e.getMessage(), e);
		}
	}

	/** Direct buffers reused by every step: the engine reads them without copying. */
	private static final class StepBuffers {
		final ByteBuffer images, targets, scribbleWeights, pseudoWeights;

		StepBuffers(final CropBatch batch) {
			images = allocate(batch.images.length * Float.BYTES);
			targets = allocate(batch.targets.length * Long.BYTES);
			scribbleWeights = allocate(batch.scribbleWeights.length * Float.BYTES);
			pseudoWeights = allocate(batch.pseudoWeights.length * Float.BYTES);
		}

		private static ByteBuffer allocate(final int bytes) {
			return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
		}

		void fill(final CropBatch batch) {
			images.clear();
			images.asFloatBuffer().put(batch.images);
			targets.clear();
			targets.asLongBuffer().put(batch.targets);
			scribbleWeights.clear();
			scribbleWeights.asFloatBuffer().put(batch.scribbleWeights);
			pseudoWeights.clear();
			pseudoWeights.asFloatBuffer().put(batch.pseudoWeights);
		}
	}
}
