package org.scribble2label.fiji;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/** One SciJava context per test class, and running commands through CommandService. */
abstract class CommandTestContext {

	static Context context;

	@BeforeAll
	static void createContext() {
		context = new Context();
	}

	@AfterAll
	static void disposeContext() {
		context.dispose();
	}

	static CommandModule run(final Class<? extends Command> command, final Object... inputs) throws Exception {
		return context.service(CommandService.class).run(command, true, inputs).get();
	}

	static CommandModule run(final Class<? extends Command> command, final java.util.Map<String, Object> inputs)
		throws Exception
	{
		return context.service(CommandService.class).run(command, true, inputs).get();
	}
}
