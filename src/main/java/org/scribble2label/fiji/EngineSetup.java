package org.scribble2label.fiji;

import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.prefs.Preferences;

import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.ui.UIService;

import org.scribble2label.core.model.DjlRuntime;
import org.scribble2label.core.model.EngineInstaller;

/**
 * Makes sure the PyTorch engine can start before a command touches it. Nothing is downloaded
 * without consent: when the libraries are missing, the set-up dialog ({@link EngineSetupCommand})
 * asks for the build (CPU or CUDA) and the GPU, then downloads with progress and a cancel. The
 * commands and the script templates all ask through here, so the question exists once. The
 * chosen build and GPU are remembered for the next Fiji session.
 */
public final class EngineSetup {

	static final String OFFLINE = "ai.djl.offline";
	private static final String FLAVOR = "PYTORCH_FLAVOR", SAVED_FLAVOR = "pytorch_flavor", SAVED_GPU = "gpu_index";

	private EngineSetup() {}

	/** Message for a machine without PyTorch libraries and without a screen to ask on. */
	static final String HEADLESS_MESSAGE = "The PyTorch engine is not installed yet, and nothing is downloaded in headless " +
		"mode without permission. Either install it once with fiji --headless " + EngineSetupCommand.headlessCall() +
		" (CPU about 200 MB; \"" + EngineSetupCommand.CUDA + "\" over 2 GB), or run once with -Dai.djl.offline=false " +
		"(DJL downloads PyTorch 2.7.1 into ~/.djl.ai), or point PYTORCH_LIBRARY_PATH at a local libtorch 2.7.1 and set " +
		"PYTORCH_FLAVOR=cpu (or cu128 for an NVIDIA GPU).";

	/**
	 * @throws DjlRuntime.EngineUnavailableException when the libraries are missing and may not
	 *           be downloaded, or their installation was cancelled
	 */
	public static void ensure(final UIService ui) {
		ensure(ui, DjlRuntime::nativeLibrariesAvailable);
	}

	static void ensure(final UIService ui, final BooleanSupplier librariesAvailable) {
		applyRemembered();
		if (System.getProperty(OFFLINE) != null || System.getenv("DJL_OFFLINE") != null) return; // the user decides
		if (!librariesAvailable.getAsBoolean()) {
			if (ui == null || ui.isHeadless()) throw new DjlRuntime.EngineUnavailableException(HEADLESS_MESSAGE, null);
			install(ui);
			if (!librariesAvailable.getAsBoolean())
				throw new DjlRuntime.EngineUnavailableException("PyTorch was installed, but DJL does not find it in " +
					ai.djl.util.Utils.getEngineCacheDir("pytorch") + ". See docs/gpu.md for a manual installation.", null);
		}
		// Offline while our engine loads (nothing to fetch), then as before: other DJL users in
		// this Fiji decide for themselves.
		System.setProperty(OFFLINE, "true");
		try {
			DjlRuntime.engine();
		}
		finally {
			System.clearProperty(OFFLINE);
		}
	}

	/** The set-up dialog, then the download; waits for it. */
	private static void install(final UIService ui) {
		try {
			final CommandModule module = ui.context().service(CommandService.class).run(EngineSetupCommand.class, true).get();
			if (module.isCanceled()) {
				final String reason = module.getCancelReason();
				if (reason == null || reason.equals("Cancelled")) throw EngineSetupCommand.declined();
				throw new DjlRuntime.EngineUnavailableException(reason, null);
			}
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw EngineSetupCommand.declined();
		}
		catch (final ExecutionException e) {
			throw new DjlRuntime.EngineUnavailableException("The PyTorch installation failed: " + e.getCause().getMessage(),
				e.getCause());
		}
	}

	private static Preferences preferences() {
		return Preferences.userNodeForPackage(EngineSetup.class).node("engine");
	}

	/** Uses and remembers the build and GPU chosen in the set-up dialog. */
	static void remember(final EngineInstaller.Build build, final int gpuIndex) {
		preferences().put(SAVED_FLAVOR, build.flavor);
		preferences().putInt(SAVED_GPU, gpuIndex);
		EngineInstaller.use(build);
		DjlRuntime.setGpuIndex(gpuIndex);
	}

	/**
	 * The remembered build and GPU. DJL would otherwise pick the CUDA build wherever it sees
	 * CUDA, also when the user installed the CPU one. PYTORCH_FLAVOR set by the user wins.
	 */
	static void applyRemembered() {
		final String flavor = preferences().get(SAVED_FLAVOR, null);
		if (flavor != null && System.getenv(FLAVOR) == null && System.getProperty(FLAVOR) == null)
			System.setProperty(FLAVOR, flavor);
		DjlRuntime.setGpuIndex(preferences().getInt(SAVED_GPU, DjlRuntime.gpuIndex()));
	}
}
