package sc.fiji.labkit.ui.plugin;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

/**
 * Test double of Labkit's "Open Current Image With Labkit" command, under Labkit's class name:
 * lets a test see that "Open in Labkit" finds and runs it by name.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Labkit>Open Current Image With Labkit (test double)")
public class LabkitPlugin implements Command {

	public static volatile int runs;

	@Override
	public void run() {
		runs++;
	}
}
