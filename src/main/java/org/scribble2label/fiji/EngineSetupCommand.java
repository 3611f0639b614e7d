package org.scribble2label.fiji;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

import org.scijava.app.StatusService;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.task.Task;
import org.scijava.task.TaskService;
import org.scijava.ui.UIService;

import org.scribble2label.core.model.DjlRuntime;
import org.scribble2label.core.model.EngineInstaller;

/**
 * Installs the PyTorch engine: the CPU or the CUDA build, chosen here rather than through
 * environment variables, and the GPU to use. The download shows its progress in the status bar
 * and as a task, and can be cancelled (the command's cancel or Fiji's task list), leaving nothing
 * half-written. The first training or prediction opens this dialog when PyTorch is missing.
 * {@code -Dscribble2label.pytorchSite=URL} takes the builds from a mirror or a local copy of
 * DJL's site.
 */
@Plugin(type = org.scijava.command.Command.class, headless = true,
	menuPath = Scribble2LabelMenu.ROOT + "Set Up PyTorch Engine")
public class EngineSetupCommand extends CancelableCommand {

	static final String CPU = "CPU", CUDA = "CUDA 12.8 (NVIDIA GPU)";
	/** Where DJL's site is replaced by a mirror or a local copy (same layout). */
	static final String SITE_PROPERTY = "scribble2label.pytorchSite";

	@Parameter
	private LogService log;

	@Parameter
	private UIService ui;

	@Parameter(required = false)
	private StatusService status;

	@Parameter(required = false)
	private TaskService tasks;

	@Parameter(label = "PyTorch build", choices = { CPU, CUDA }, description = "CPU: about 200 MB, runs everywhere. CUDA: " +
		"over 2 GB, for an NVIDIA GPU on Linux or Windows. Macs have the CPU build only (Apple GPUs are not used)")
	private String build = CPU;

	@Parameter(label = "GPU index (0 = first)", min = "0", description = "Which NVIDIA GPU to use when there are several")
	private int gpu_index = 0;

	@Override
	public void run() {
		try {
			final EngineInstaller.Build chosen = CUDA.equals(build) ? EngineInstaller.Build.CUDA : EngineInstaller.Build.CPU;
			final String platform = EngineInstaller.platform();
			if (chosen == EngineInstaller.Build.CUDA && (platform.startsWith("osx") || platform.endsWith("aarch64")))
				throw new IllegalArgumentException("There is no CUDA build for " + platform + ": choose CPU. " +
					EngineInstaller.notes(platform));
			final String site = System.getProperty(SITE_PROPERTY);
			final EngineInstaller installer = new EngineInstaller(site == null ? EngineInstaller.DJL_SITE : URI.create(site),
				ai.djl.util.Utils.getEngineCacheDir("pytorch"));
			final Task task = tasks == null ? null : tasks.createTask("Scribble2Label: PyTorch download");
			if (task != null) task.start();
			final Path folder;
			try {
				log.info("Scribble2Label: installing the PyTorch " + chosen + " build for " + platform + " (" + chosen.size +
					") into " + installer.target(chosen, platform));
				folder = installer.install(chosen, platform, (file, i, n, bytes, all) -> {
					final String text = String.format(Locale.ROOT, "Scribble2Label: PyTorch file %d of %d (%s), %.0f MB", i, n, file,
						bytes / 1e6);
					if (status != null) status.showStatus(all > 0 ? (int) (bytes >> 10) : i - 1, all > 0 ? (int) (all >> 10) : n, text);
					if (task != null) {
						task.setProgressMaximum(n);
						task.setProgressValue(i - 1);
						task.setStatusMessage(text);
					}
				}, () -> isCanceled() || task != null && task.isCanceled());
			}
			finally {
				if (task != null) task.finish();
				if (status != null) status.clearStatus();
			}
			EngineSetup.remember(chosen, gpu_index);
			log.info("Scribble2Label: PyTorch " + chosen + " is installed in " + folder + "; GPU index " + gpu_index + ".");
		}
		catch (final Exception e) {
			fail(log, ui, e);
		}
	}

	/** For messages: how to run this without a dialog. */
	static String headlessCall() {
		return "--run \"Set Up PyTorch Engine\" 'build=\"" + CPU + "\",gpu_index=0'";
	}

	static DjlRuntime.EngineUnavailableException declined() {
		return new DjlRuntime.EngineUnavailableException("PyTorch is needed to train and apply Scribble2Label models; its " +
			"installation was cancelled. Run Plugins > Segmentation > Scribble2Label > Set Up PyTorch Engine when ready.", null);
	}
}
