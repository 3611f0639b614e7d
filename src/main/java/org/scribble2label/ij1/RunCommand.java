package org.scribble2label.ij1;

import java.io.File;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.plugin.PlugIn;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.module.ModuleItem;

/**
 * Runs a Scribble2Label SciJava command from plain ImageJ 1.x, where nothing else translates
 * macro options into command inputs (in Fiji, imagej-legacy does that itself, and this class
 * is not used: the jar lives in jars/, where ImageJ does not read plugins.config).
 * <p>
 * {@code run("Train from Scribbles", "image=cells.tif scribbles=[ROI Manager] ...")}: keys are
 * the commands' parameter names; images are found by title (the current image by default);
 * a boolean is true when its key is present, as with ImageJ's own dialogs. Image outputs are
 * shown, so that a macro can select them by title, also in batch mode.
 */
public class RunCommand implements PlugIn {

	private static Context ownContext;

	@Override
	public void run(final String commandClass) {
		final Context context = context();
		final CommandService commands = context.service(CommandService.class);
		final CommandInfo info = commands.getCommand(commandClass);
		if (info == null) {
			IJ.error("Scribble2Label", "Command " + commandClass + " is not available.");
			return;
		}
		final String options = Macro.getOptions();
		final Map<String, Object> inputs = inputs(info, options == null ? "" : options, context.service(ConvertService.class));
		try {
			final CommandModule module = commands.run(info, true, inputs).get();
			if (module.isCanceled()) {
				final String reason = module.getCancelReason();
				if (reason != null && !reason.equals("Cancelled")) IJ.error("Scribble2Label", reason);
				abortMacro();
				return;
			}
			for (final ModuleItem<?> output : info.outputs()) {
				final Object value = module.getOutput(output.getName());
				if (value instanceof ImagePlus) ((ImagePlus) value).show();
			}
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		catch (final ExecutionException e) {
			IJ.error("Scribble2Label", String.valueOf(e.getCause().getMessage()));
			abortMacro();
		}
	}

	/** Stops the calling macro after an error, as ImageJ's own commands do. */
	private static void abortMacro() {
		if (Macro.getOptions() != null || ij.macro.Interpreter.getInstance() != null) Macro.abort();
	}

	static Map<String, Object> inputs(final CommandInfo info, final String options, final ConvertService convert) {
		final Map<String, Object> inputs = new HashMap<>();
		for (final ModuleItem<?> input : info.inputs()) {
			final Class<?> type = input.getType();
			if (type.getName().startsWith("org.scijava.") || type == Context.class) continue; // services
			final String key = input.getName();
			final String value = Macro.getValue(options, key, null);
			if (type == boolean.class || type == Boolean.class) {
				inputs.put(key, value != null && !value.equalsIgnoreCase("false") || hasBareKey(options, key));
				continue;
			}
			if (type == ImagePlus.class) {
				final ImagePlus image = value == null ? (input.isRequired() ? WindowManager.getCurrentImage() : null)
					: WindowManager.getImage(value);
				if (image == null && value != null)
					throw new IllegalArgumentException("No image titled '" + value + "' is open.");
				if (image != null || !input.isRequired()) inputs.put(key, image);
				continue;
			}
			if (value == null) continue; // the command's default
			if (type == File.class) inputs.put(key, new File(value));
			else inputs.put(key, convert.convert(value, type));
		}
		return inputs;
	}

	/** Whether the key stands alone in the options (ImageJ records a checked box as just its key). */
	private static boolean hasBareKey(final String options, final String key) {
		for (final String word : options.split("\\s+"))
			if (word.equals(key)) return true;
		return false;
	}

	private static boolean legacyPresent() {
		try {
			Class.forName("net.imagej.legacy.LegacyService", false, RunCommand.class.getClassLoader());
			return true;
		}
		catch (final ClassNotFoundException e) {
			return false;
		}
	}

	/** Fiji's context when imagej-legacy runs, else one of our own for this ImageJ session. */
	private static synchronized Context context() {
		if (legacyPresent()) {
			// imagej-legacy answers this call with Fiji's context.
			final Object fiji = IJ.runPlugIn("org.scijava.Context", "");
			if (fiji instanceof Context) return (Context) fiji;
		}
		if (ownContext == null) ownContext = new Context();
		return ownContext;
	}
}
