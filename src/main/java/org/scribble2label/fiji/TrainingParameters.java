package org.scribble2label.fiji;

import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.Map;

import org.scribble2label.core.TrainingOptions;

/**
 * A command's training parameters by name, for {@link TrainingOptions#fromParameters}: the fields
 * named like {@link TrainingOptions#parameterNames()}. Read by name so that a new option needs
 * only its entry in TrainingOptions and a parameter of that name (a test checks that every
 * option has one).
 */
final class TrainingParameters {

	private TrainingParameters() {}

	static Map<String, Object> of(final Object command) {
		final Map<String, Object> values = new HashMap<>();
		for (final String name : TrainingOptions.parameterNames()) {
			final Field field = field(command.getClass(), name);
			if (field == null) continue;
			try {
				field.setAccessible(true);
				values.put(name, field.get(command));
			}
			catch (final IllegalAccessException e) {
				throw new IllegalStateException("Cannot read the parameter " + name + " of " + command.getClass().getName(), e);
			}
		}
		return values;
	}

	private static Field field(final Class<?> type, final String name) {
		for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass())
			try {
				return c.getDeclaredField(name);
			}
			catch (final NoSuchFieldException e) {
				// look further up
			}
		return null;
	}
}
