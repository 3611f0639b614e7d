package org.scribble2label.core.model;

/**
 * A network whose normalisation statistics can be kept as they are while it trains: needed to
 * fine-tune a trained model on one image without forgetting (see {@link UNet#freezeNormalization}).
 */
public interface FreezableNormalization {

	void freezeNormalization(boolean frozen);
}
