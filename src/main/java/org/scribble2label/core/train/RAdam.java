package org.scribble2label.core.train;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Rectified Adam (Liu et al., ICLR 2020), the optimiser of the Scribble2Label paper, with
 * decoupled weight decay. DJL has no RAdam. While the variance estimate is not yet tractable
 * ({@code rho_t <= 5}, the first few steps) the update is the bias-corrected momentum alone.
 * <p>
 * The moment estimates live in this optimiser's own manager and are freed by {@link #close()}
 * (DJL's own optimisers never free theirs). Must run with PyTorch grad mode off.
 */
final class RAdam implements AutoCloseable {

	private final List<Parameter> parameters = new ArrayList<>();
	private final NDManager state;
	private final List<NDArray> firstMoments = new ArrayList<>();
	private final List<NDArray> secondMoments = new ArrayList<>();
	private final double beta1, beta2, epsilon, weightDecay;
	private final double rhoInfinity;
	private int t;

	RAdam(final Iterable<Parameter> trainable, final NDManager parent, final double beta1, final double beta2,
		final double epsilon, final double weightDecay)
	{
		this.state = parent.newSubManager();
		this.beta1 = beta1;
		this.beta2 = beta2;
		this.epsilon = epsilon;
		this.weightDecay = weightDecay;
		this.rhoInfinity = 2 / (1 - beta2) - 1;
		for (final Parameter p : trainable) {
			if (!p.requiresGradient()) continue;
			final NDArray w = p.getArray();
			parameters.add(p);
			firstMoments.add(state.zeros(w.getShape(), w.getDataType(), w.getDevice()));
			secondMoments.add(state.zeros(w.getShape(), w.getDataType(), w.getDevice()));
		}
	}

	/** One update of every parameter from its gradient, which is then zeroed. */
	void step(final double learningRate) {
		t++;
		final double bias1 = 1 - Math.pow(beta1, t), bias2 = 1 - Math.pow(beta2, t);
		final double rho = rhoInfinity - 2 * t * Math.pow(beta2, t) / bias2;
		final boolean rectified = rho > 5;
		final double stepSize;
		if (rectified) {
			final double r = Math.sqrt((rho - 4) * (rho - 2) * rhoInfinity / ((rhoInfinity - 4) * (rhoInfinity - 2) * rho));
			stepSize = learningRate * r * Math.sqrt(bias2) / bias1;
		}
		else {
			stepSize = learningRate / bias1;
		}
		try (NDScope scope = new NDScope()) {
			for (int i = 0; i < parameters.size(); i++) {
				final NDArray w = parameters.get(i).getArray();
				final NDArray g = w.getGradient();
				final NDArray m = firstMoments.get(i), v = secondMoments.get(i);
				if (rectified) {
					// The engine's fused AdamW kernel is this rectified step: moments, decoupled decay
					// (w -= lr * wd * w), w -= stepSize * m / (sqrt(v) + eps), and zeroing the gradient.
					// Its epsilon is not scaled by sqrt(1 - beta2^t), a difference far below float precision.
					w.getNDArrayInternal().adamUpdate(new NDList(w, g, m, v), new NDList(w), (float) learningRate,
						(float) stepSize, (float) weightDecay, 1f, -1f, (float) beta1, (float) beta2, (float) epsilon, true, true);
					continue;
				}
				m.muli(beta1).addi(g.mul(1 - beta1));
				v.muli(beta2).addi(g.square().muli(1 - beta2));
				if (weightDecay > 0) w.muli(1 - learningRate * weightDecay);
				w.subi(m.mul(stepSize));
				JniUtils.zeroGrad((PtNDArray) w);
			}
		}
	}

	int steps() {
		return t;
	}

	@Override
	public void close() {
		state.close();
	}
}
