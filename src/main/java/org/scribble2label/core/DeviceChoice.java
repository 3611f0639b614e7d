package org.scribble2label.core;

/** Where the network runs. */
public enum DeviceChoice {
	/** The GPU when DJL finds one, else the CPU. */
	AUTO,
	/** Always the CPU. */
	CPU,
	/** The first GPU; an error when there is none. */
	GPU
}
