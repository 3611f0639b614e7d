package org.scribble2label.core.model;

import java.util.function.Supplier;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.pytorch.engine.PtEngineProvider;
import ai.djl.pytorch.jni.JniUtils;

import org.scribble2label.core.DeviceChoice;

/**
 * The one place that touches DJL's engine discovery. DJL finds engines and native libraries
 * through the thread context class loader, once per JVM, and plugin hosts such as Fiji load
 * plugins in their own class loader: so the engine is looked up here, with our class loader as
 * context, and registered explicitly when service discovery missed it.
 */
public final class DjlRuntime {

	public static final String ENGINE_NAME = "PyTorch";

	private static Engine engine;

	private DjlRuntime() {}

	/**
	 * The PyTorch engine, loading libtorch on first use.
	 *
	 * @throws EngineUnavailableException with what to do when libtorch cannot be loaded
	 */
	public static synchronized Engine engine() {
		if (engine != null) return engine;
		if (System.getProperty("OPT_OUT_TRACKING") == null && System.getenv("OPT_OUT_TRACKING") == null)
			System.setProperty("OPT_OUT_TRACKING", "true");
		final Thread thread = Thread.currentThread();
		final ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(DjlRuntime.class.getClassLoader());
		try {
			if (!Engine.hasEngine(ENGINE_NAME)) Engine.registerEngine(new PtEngineProvider());
			engine = Engine.getEngine(ENGINE_NAME);
			return engine;
		}
		catch (final RuntimeException | UnsatisfiedLinkError e) {
			throw new EngineUnavailableException(
				"The PyTorch engine could not be loaded (" + e.getMessage() + "). " +
					"With internet access DJL downloads it once (set -Dai.djl.offline=false); offline, put " +
					"pytorch-native-cpu-2.7.1 on the class path, or point PYTORCH_LIBRARY_PATH at a local libtorch 2.7.1 " +
					"and set PYTORCH_FLAVOR (cpu or cu128).", e);
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	/**
	 * Whether libtorch can be loaded without a download: a {@code pytorch-native-*} jar on the
	 * class path, {@code PYTORCH_LIBRARY_PATH} set, or DJL's engine cache already holding a
	 * PyTorch {@value #PYTORCH_VERSION} build.
	 */
	public static boolean nativeLibrariesAvailable() {
		final String override = System.getenv("PYTORCH_LIBRARY_PATH") != null ? System.getenv("PYTORCH_LIBRARY_PATH")
			: System.getProperty("PYTORCH_LIBRARY_PATH");
		if (override != null && !override.isEmpty()) return true;
		if (DjlRuntime.class.getClassLoader().getResource("native/lib/pytorch.properties") != null) return true;
		return cachedBuilds(ai.djl.util.Utils.getEngineCacheDir("pytorch")).length > 0;
	}

	static final String PYTORCH_VERSION = "2.7.1";

	/** Folders of DJL's cache that hold a complete libtorch of our version. */
	static java.io.File[] cachedBuilds(final java.nio.file.Path cache) {
		final java.io.File[] builds = cache.toFile().listFiles((dir, name) -> name.startsWith(PYTORCH_VERSION + "-") &&
			(new java.io.File(dir, name + "/libtorch.so").isFile() || new java.io.File(dir, name + "/libtorch.dylib").isFile() ||
				new java.io.File(dir, name + "/torch.dll").isFile()));
		return builds == null ? new java.io.File[0] : builds;
	}

	/** Resolves the user's device choice; GPU when asked for and absent is an error. */
	public static Device device(final DeviceChoice choice) {
		if (choice == DeviceChoice.CPU) return Device.cpu();
		final Engine e = engine();
		final boolean gpu = gpuWorks(e);
		switch (choice) {
			case GPU:
				if (!gpu) throw new EngineUnavailableException("A GPU was requested, but the PyTorch engine sees none (" +
					e.getVersion() + "). Install the CUDA 12.8 build of libtorch 2.7.1 (see the user guide) or choose the CPU.", null);
				return Device.gpu(gpuIndex);
			default:
				return gpu ? Device.gpu(gpuIndex) : Device.cpu();
		}
	}

	private static Boolean gpuWorks;
	private static volatile int gpuIndex = 0;

	/** Which GPU "GPU" and "auto" mean (0 = the first); a machine with several can use another. */
	public static synchronized void setGpuIndex(final int index) {
		if (index < 0) throw new IllegalArgumentException("The GPU index must be 0 or more, got " + index + ".");
		if (index != gpuIndex) gpuWorks = null; // checked again for that GPU
		gpuIndex = index;
	}

	public static int gpuIndex() {
		return gpuIndex;
	}

	/**
	 * Whether a GPU really takes an array: a CUDA build of libtorch on a machine without a usable
	 * GPU (or with CUDA_VISIBLE_DEVICES empty) must not be chosen.
	 */
	private static synchronized boolean gpuWorks(final Engine e) {
		if (gpuWorks == null) {
			gpuWorks = false;
			if (e.getGpuCount() > gpuIndex || e.hasCapability(StandardCapabilities.CUDA)) {
				try (ai.djl.ndarray.NDManager m = e.newBaseManager(Device.gpu(gpuIndex))) {
					m.zeros(new ai.djl.ndarray.types.Shape(1)).toFloatArray();
					gpuWorks = true;
				}
				catch (final RuntimeException | UnsatisfiedLinkError problem) {
					gpuWorks = false;
				}
			}
		}
		return gpuWorks;
	}

	/** A readable name of a device, e.g. "CPU (2 threads)" or "GPU 0". */
	public static String describe(final Device device) {
		if (device.isGpu()) return "GPU " + device.getDeviceId() + " (CUDA, PyTorch " + engine().getVersion() + ")";
		return "CPU (" + JniUtils.getNumThreads() + " threads, PyTorch " + engine().getVersion() + ")";
	}

	/**
	 * Prepares the calling thread for work with the engine: PyTorch's grad mode is per thread
	 * and on by default in new threads, which makes every in-place update outside a gradient
	 * collector grow an autograd graph (a leak).
	 */
	public static void prepareThread() {
		engine();
		JniUtils.setGradMode(false);
	}

	/**
	 * Runs inference work with PyTorch grad mode off on the calling thread, restoring it after:
	 * without this, a forward pass in a fresh thread records an autograd graph.
	 */
	public static <T> T withoutGradients(final Supplier<T> work) {
		engine();
		final boolean previous = JniUtils.isGradMode();
		JniUtils.setGradMode(false);
		try {
			return work.get();
		}
		finally {
			if (previous) JniUtils.setGradMode(true);
		}
	}

	/** Sets the engine's CPU threads (intra-op parallelism) for the whole JVM. */
	public static void setCpuThreads(final int threads) {
		if (threads < 1) throw new IllegalArgumentException("The number of CPU threads must be at least 1, got " + threads + ".");
		engine();
		JniUtils.setNumThreads(threads);
	}

	/**
	 * Returns memory freed by a training or prediction to the system: the GPU allocator's cache
	 * to the driver, and on Linux glibc's free heap pages to the kernel (glibc keeps them, so the
	 * resident size of a long Fiji session would otherwise stay at its peak).
	 */
	public static void releaseCachedMemory(final Device device) {
		if (device.isGpu()) JniUtils.emptyCudaCache();
		if (GLIBC != null) {
			try {
				GLIBC.malloc_trim(0);
			}
			catch (final RuntimeException | UnsatisfiedLinkError e) {
				// Not glibc after all: nothing to trim.
			}
		}
	}

	/** glibc's malloc_trim, through JNA (a DJL dependency). */
	private interface CLibrary extends com.sun.jna.Library {
		int malloc_trim(long pad);
	}

	private static final CLibrary GLIBC = loadGlibc();

	private static CLibrary loadGlibc() {
		if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) return null;
		try {
			return com.sun.jna.Native.load("c", CLibrary.class);
		}
		catch (final RuntimeException | UnsatisfiedLinkError e) {
			return null;
		}
	}

	/** Thrown when the PyTorch engine or the requested device is not available. */
	public static final class EngineUnavailableException extends RuntimeException {
		private static final long serialVersionUID = 1L;

		public EngineUnavailableException(final String message, final Throwable cause) {
			super(message, cause);
		}
	}
}
