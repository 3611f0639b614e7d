package org.scribble2label.ij1;

import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
 * is not used: imagej-legacy reads plugins.config too, and then replaces these entries with the
 * SciJava commands).
 * <p>
 * {@code run("Train from Scribbles", "image=cells.tif scribbles=[ROI Manager] ...")}: keys are
 * the commands' parameter names, every input is given as {@code key=value} and booleans as
 * {@code key=true} or {@code key=false}, exactly as in Fiji (see {@link #inputs}); images are
 * found by title. Image outputs are shown, so that a macro can select them by title, also in
 * batch mode.
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
		if (options == null) {
			// A menu click: plain ImageJ has no dialog for SciJava commands (Fiji has).
			IJ.error("Scribble2Label", "In plain ImageJ, \"" + info.getTitle() + "\" runs from macros only, with every input " +
				"given as key=value. Install Scribble2Label in Fiji for its dialog.");
			return;
		}
		final Map<String, Object> inputs;
		try {
			inputs = inputs(info, options, context.service(ConvertService.class));
		}
		catch (final IllegalArgumentException e) {
			IJ.error("Scribble2Label", e.getMessage());
			abortMacro();
			return;
		}
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

	/**
	 * The command's inputs from macro options, read the way Fiji reads them (imagej-legacy's
	 * MacroPreprocessor takes an input only from {@code Macro.getValue(options, name, null)}, i.e.
	 * {@code key=value}; its ActiveImagePlusPreprocessor fills in the current image only for a
	 * single auto-filled image input). Where Fiji would open the dialog in the middle of the macro
	 * (a missing key, or a bare key such as {@code split_touching}), this fails and says how to
	 * write the options, so a macro that works here also runs unattended in Fiji.
	 */
	static Map<String, Object> inputs(final CommandInfo info, final String options, final ConvertService convert) {
		requireComplete(info, options);
		final Map<String, Object> inputs = new HashMap<>();
		final ModuleItem<?> activeImage = singleAutoFilledImage(info);
		for (final ModuleItem<?> input : info.inputs()) {
			if (!isUserInput(input)) continue;
			final Class<?> type = input.getType();
			final String key = input.getName();
			final String value = Macro.getValue(options, key, null);
			if (value == null) { // only the auto-filled image may be missing (requireComplete)
				final ImagePlus current = WindowManager.getCurrentImage();
				if (input != activeImage || current == null)
					throw new IllegalArgumentException("No image is open: open the image first.");
				inputs.put(key, current);
			}
			else if (type == boolean.class || type == Boolean.class)
				inputs.put(key, Boolean.parseBoolean(value.toLowerCase(java.util.Locale.ROOT)));
			else if (type == ImagePlus.class) {
				final ImagePlus image = WindowManager.getImage(value);
				if (image == null) throw new IllegalArgumentException("No image titled '" + value + "' is open.");
				inputs.put(key, image);
			}
			else if (type == File.class) inputs.put(key, value.isEmpty() ? null : new File(value));
			else {
				final Object converted = convert.convert(value, type);
				if (converted == null)
					throw new IllegalArgumentException("Cannot read " + key + "=" + value + " (" + type.getSimpleName() + ").");
				inputs.put(key, converted);
			}
		}
		return inputs;
	}

	/**
	 * Fails, saying what to write, where Fiji would open the dialog in the middle of a macro: an
	 * input without {@code key=value} (a bare key such as {@code split_touching} is not read),
	 * except the single auto-filled image input, or a boolean other than true or false.
	 */
	public static void requireComplete(final CommandInfo info, final String options) {
		final List<String> missing = new ArrayList<>(), bare = new ArrayList<>();
		final ModuleItem<?> activeImage = singleAutoFilledImage(info);
		for (final ModuleItem<?> input : info.inputs()) {
			if (!isUserInput(input)) continue;
			final String key = input.getName();
			final String value = Macro.getValue(options, key, null);
			final Class<?> type = input.getType();
			if (value == null) {
				if (input == activeImage) continue;
				if (hasBareKey(options, key)) bare.add(key);
				else missing.add(key);
			}
			else if ((type == boolean.class || type == Boolean.class) && !value.equalsIgnoreCase("true") &&
				!value.equalsIgnoreCase("false"))
				throw new IllegalArgumentException("Write " + key + "=true or " + key + "=false, not " + key + "=" + value + ".");
		}
		if (!bare.isEmpty() || !missing.isEmpty())
			throw new IllegalArgumentException(incompleteOptionsMessage(info, bare, missing));
	}

	/** What to write instead, in the form Fiji's Macro Recorder writes. */
	static String incompleteOptionsMessage(final CommandInfo info, final List<String> bare, final List<String> missing) {
		final StringBuilder s = new StringBuilder("The options of run(\"" + info.getTitle() + "\") must give every input as " +
			"key=value, as the Macro Recorder writes them (in Fiji a missing or bare key opens the dialog in the middle of " +
			"the macro).");
		if (!bare.isEmpty()) {
			s.append(" Write ");
			for (int i = 0; i < bare.size(); i++)
				s.append(i == 0 ? "" : ", ").append(bare.get(i)).append("=true (or =false) instead of ").append(bare.get(i));
			s.append('.');
		}
		if (!missing.isEmpty()) s.append(" Missing: ").append(String.join(", ", missing)).append('.');
		return s.toString();
	}

	/** Inputs a macro gives; services, the context and message lines are not. */
	public static boolean isUserInput(final ModuleItem<?> input) {
		final Class<?> type = input.getType();
		return !type.getName().startsWith("org.scijava.") && !org.scijava.service.Service.class.isAssignableFrom(type) &&
			type != Context.class &&
			input.getVisibility() != org.scijava.ItemVisibility.MESSAGE;
	}

	/** The image input Fiji fills in with the current image: the only auto-filled one, if there is exactly one. */
	static ModuleItem<?> singleAutoFilledImage(final CommandInfo info) {
		ModuleItem<?> found = null;
		for (final ModuleItem<?> input : info.inputs())
			if (input.getType() == ImagePlus.class && input.isAutoFill()) {
				if (found != null) return null;
				found = input;
			}
		return found;
	}

	/** Whether the key stands alone in the options (ImageJ 1.x records a checked box so; Fiji does not read it). */
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
