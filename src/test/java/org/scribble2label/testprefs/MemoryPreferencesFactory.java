package org.scribble2label.testprefs;

import java.util.HashMap;
import java.util.Map;
import java.util.prefs.AbstractPreferences;
import java.util.prefs.Preferences;
import java.util.prefs.PreferencesFactory;

/**
 * Preferences kept in memory, for the test JVMs (pom.xml sets
 * {@code -Djava.util.prefs.PreferencesFactory} to this class): the parameters the commands
 * remember (SciJava's PrefService stores them with java.util.prefs) never reach the user's own
 * store, which Fiji reads ({@code ~/.java/.userPrefs} on Linux, the registry on Windows).
 */
public final class MemoryPreferencesFactory implements PreferencesFactory {

	private static final Preferences USER = new Node(null, ""), SYSTEM = new Node(null, "");

	@Override
	public Preferences userRoot() {
		return USER;
	}

	@Override
	public Preferences systemRoot() {
		return SYSTEM;
	}

	/** A node with its values and children in maps; nothing to sync or flush. */
	static final class Node extends AbstractPreferences {
		private final Map<String, String> values = new HashMap<>();
		private final Map<String, Node> children = new HashMap<>();

		Node(final Node parent, final String name) {
			super(parent, name);
		}

		@Override
		protected void putSpi(final String key, final String value) {
			values.put(key, value);
		}

		@Override
		protected String getSpi(final String key) {
			return values.get(key);
		}

		@Override
		protected void removeSpi(final String key) {
			values.remove(key);
		}

		@Override
		protected void removeNodeSpi() {
			((Node) parent()).children.remove(name());
		}

		@Override
		protected String[] keysSpi() {
			return values.keySet().toArray(new String[0]);
		}

		@Override
		protected String[] childrenNamesSpi() {
			return children.keySet().toArray(new String[0]);
		}

		@Override
		protected AbstractPreferences childSpi(final String name) {
			return children.computeIfAbsent(name, n -> new Node(this, n));
		}

		@Override
		protected void syncSpi() {}

		@Override
		protected void flushSpi() {}
	}
}
