package org.scribble2label.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;

import org.scribble2label.core.TrainingConfig;
import org.scribble2label.core.TrainingOptions;

/** Every command-line training setting reaches the Fiji training commands, through the shared mapping. */
class TrainingOptionsInFijiTest extends CommandTestContext {

	@Test
	void everyParameterNameIsAnInputOfBothTrainingCommands() {
		for (final Class<?> command : new Class<?>[] { TrainFromScribblesCommand.class, ContinueTrainingCommand.class }) {
			final CommandInfo info = context.service(CommandService.class).getCommand(command.getName());
			final List<String> inputs = new ArrayList<>();
			for (final ModuleItem<?> i : info.inputs())
				inputs.add(i.getName());
			for (final String name : TrainingOptions.parameterNames())
				assertTrue(inputs.contains(name), command.getSimpleName() + " has no input " + name);
			// The dialog starts with what to train on; the current image is the only image input.
			assertEquals(List.of("image", "channel", "scribbles", "labeling_file", "scribble_labels"), userInputs(info).subList(0, 5));
			int images = 0;
			for (final ModuleItem<?> i : info.inputs())
				if (i.getType() == ij.ImagePlus.class) images++;
			assertEquals(1, images);
		}
	}

	private static List<String> userInputs(final CommandInfo info) {
		final List<String> names = new ArrayList<>();
		for (final ModuleItem<?> i : info.inputs())
			if (org.scribble2label.ij1.RunCommand.isUserInput(i)) names.add(i.getName());
		return names;
	}

	/** Each option set in the command gives the configuration the command line gives for it. */
	@Test
	void theCommandGivesTheCommandLinesConfiguration() throws Exception {
		for (final TrainingOptions.Option o : TrainingOptions.Option.values()) {
			if (o == TrainingOptions.Option.START) continue; // Fiji's start_from and start_model, tested with the command
			final String value = org.scribble2label.core.TrainingOptionsTestAccess.sample(o);
			final TrainingConfig expected = TrainingOptions.fromCommandLine(
				k -> k.equals(o.commandLineName) ? Optional.of(value) : Optional.empty()).toConfig();
			final TrainFromScribblesCommand command = new TrainFromScribblesCommand();
			if (o.parameterName == null) { // --noisy: Fiji sets tau and alpha themselves
				set(command, "tau", 0.95);
				set(command, "alpha", 0.1);
			}
			else if (o == TrainingOptions.Option.PRESET) set(command, "preset", AbstractTrainingCommand.PAPER);
			else {
				final Field f = field(o.parameterName);
				final Class<?> t = f.getType();
				set(command, o.parameterName, t == int.class ? (Object) (int) Double.parseDouble(value) : t == double.class ?
					(Object) Double.parseDouble(value) : t == boolean.class ? (Object) Boolean.parseBoolean(value) : value);
			}
			assertEquals(expected, command.config(), o + " does not reach the Fiji command");
		}
	}

	private static Field field(final String name) throws NoSuchFieldException {
		return AbstractTrainingCommand.class.getDeclaredField(name);
	}

	private static void set(final Object command, final String name, final Object value) throws Exception {
		final Field f = field(name);
		f.setAccessible(true);
		f.set(command, value);
	}
}
