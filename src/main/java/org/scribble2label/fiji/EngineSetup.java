package org.scribble2label.fiji;

import org.scijava.ui.DialogPrompt;
import org.scijava.ui.UIService;

import org.scribble2label.core.model.DjlRuntime;

/**
 * Makes sure the PyTorch engine can start before a command touches it. Nothing is downloaded
 * without consent: DJL runs offline unless the user agrees to the one-time download of the
 * PyTorch libraries (CPU build, or the CUDA build when DJL sees an NVIDIA GPU). The commands and
 * the script templates all ask through here, so the question and its answers exist once.
 */
public final class EngineSetup {

	static final String OFFLINE = "ai.djl.offline";

	private EngineSetup() {}

	/** Message for a machine without PyTorch libraries and without a screen to ask on. */
	static final String HEADLESS_MESSAGE = "The PyTorch engine is not installed yet, and nothing is downloaded in headless " +
		"mode without permission. Either run once with -Dai.djl.offline=false (DJL downloads PyTorch 2.7.1, about 200 MB " +
		"for the CPU or over 2 GB for CUDA, into ~/.djl.ai), or point PYTORCH_LIBRARY_PATH at a local libtorch 2.7.1 " +
		"and set PYTORCH_FLAVOR=cpu (or cu128 for an NVIDIA GPU).";

	/**
	 * @throws DjlRuntime.EngineUnavailableException when the libraries are missing and may not
	 *           be downloaded
	 */
	public static void ensure(final UIService ui) {
		ensure(ui, DjlRuntime::nativeLibrariesAvailable);
	}

	static void ensure(final UIService ui, final java.util.function.BooleanSupplier librariesAvailable) {
		if (System.getProperty(OFFLINE) == null && System.getenv("DJL_OFFLINE") == null) {
			if (librariesAvailable.getAsBoolean()) {
				// Offline while our engine loads (nothing to fetch), then as before: other DJL users in
				// this Fiji decide for themselves.
				System.setProperty(OFFLINE, "true");
				try {
					DjlRuntime.engine();
				}
				finally {
					System.clearProperty(OFFLINE);
				}
				return;
			}
			if (ui == null || ui.isHeadless()) throw new DjlRuntime.EngineUnavailableException(HEADLESS_MESSAGE, null);
			final DialogPrompt.Result answer = ui.showDialog("Scribble2Label needs the PyTorch engine, which is not " +
				"installed yet. Download it once now (about 200 MB for the CPU, over 2 GB for an NVIDIA GPU)?",
				"Scribble2Label: install PyTorch", DialogPrompt.MessageType.QUESTION_MESSAGE, DialogPrompt.OptionType.YES_NO_OPTION);
			if (answer != DialogPrompt.Result.YES_OPTION)
				throw new DjlRuntime.EngineUnavailableException("PyTorch is needed to train and apply Scribble2Label models; " +
					"the download was declined.", null);
			System.setProperty(OFFLINE, "false");
		}
	}
}
