package org.scribble2label.ij1;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Hashtable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ij.IJ;
import ij.ImageJ;
import ij.Menus;

/**
 * Plain ImageJ 1.x for tests (needs a display, e.g. Xvfb): starts ImageJ without showing it and
 * installs our plugins.config entries, as ImageJ does for a jar in its plugins folder.
 */
public final class PlainImageJ {

	private static final Pattern ENTRY = Pattern.compile("^[^#,][^,]*,\\s*\"([^\"]+)\",\\s*(.+)$");

	private PlainImageJ() {}

	@SuppressWarnings("unchecked")
	public static synchronized void start() throws IOException {
		if (IJ.getInstance() == null) new ImageJ(ImageJ.NO_SHOW);
		final Hashtable<String, String> commands = Menus.getCommands();
		try (BufferedReader config = new BufferedReader(new InputStreamReader(
			PlainImageJ.class.getResourceAsStream("/plugins.config"), StandardCharsets.UTF_8)))
		{
			String line;
			while ((line = config.readLine()) != null) {
				final Matcher m = ENTRY.matcher(line.trim());
				if (m.matches()) commands.put(m.group(1), m.group(2).trim());
			}
		}
		IJ.redirectErrorMessages();
	}

	/** The text of a dialog's labels and text areas. */
	private static String text(final java.awt.Container c) {
		final StringBuilder s = new StringBuilder();
		for (final java.awt.Component child : c.getComponents()) {
			if (child instanceof java.awt.Label) s.append(((java.awt.Label) child).getText()).append(' ');
			if (child instanceof java.awt.TextComponent) s.append(((java.awt.TextComponent) child).getText()).append(' ');
			if (child instanceof java.awt.Container) s.append(text((java.awt.Container) child));
		}
		return s.toString();
	}

	/** Runs a macro file with an argument, with a time limit (a stray dialog must not hang the build). */
	public static String runMacro(final String file, final String argument, final long seconds) throws Exception {
		final ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			final Future<String> result = executor.submit(() -> {
				IJ.redirectErrorMessages();
				return IJ.runMacroFile(file, argument);
			});
			return result.get(seconds, TimeUnit.SECONDS);
		}
		catch (final java.util.concurrent.TimeoutException e) {
			// Usually a macro error dialog waits for a click: close the dialogs and say what they said.
			final StringBuilder dialogs = new StringBuilder();
			for (final java.awt.Window w : java.awt.Window.getWindows())
				if (w instanceof java.awt.Dialog && w.isVisible()) {
					dialogs.append(((java.awt.Dialog) w).getTitle()).append(": ").append(text(w)).append('\n');
					w.dispose();
				}
			throw new AssertionError("The macro did not finish within " + seconds + " s.\nOpen dialogs:\n" + dialogs +
				"Log:\n" + IJ.getLog(), e);
		}
		finally {
			executor.shutdownNow();
		}
	}
}
