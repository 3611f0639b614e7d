package org.scribble2label.core.model;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** The architectures a model file may name, by {@link NetworkSpec#type()}. */
public final class NetworkTypes {

	private static final String TYPE = "type";
	private static final Map<String, Function<JsonObject, NetworkSpec>> READERS = new TreeMap<>();

	static {
		READERS.put(UNetSpec.TYPE, UNetSpec::fromJson);
	}

	private NetworkTypes() {}

	/** The "architecture" object of a model file: the type first, then the settings. */
	public static JsonObject toJson(final NetworkSpec spec) {
		final JsonObject json = new JsonObject();
		json.addProperty(TYPE, spec.type());
		for (final Map.Entry<String, JsonElement> e : spec.toJson().entrySet())
			json.add(e.getKey(), e.getValue());
		return json;
	}

	/**
	 * Reads an "architecture" object.
	 *
	 * @throws IllegalArgumentException for an unknown type or invalid settings
	 */
	public static NetworkSpec fromJson(final JsonObject json) {
		final JsonElement type = json.get(TYPE);
		final Function<JsonObject, NetworkSpec> reader = type == null || !type.isJsonPrimitive() ? null
			: READERS.get(type.getAsString());
		if (reader == null) throw new IllegalArgumentException("unknown architecture " + type + " (known: " + READERS.keySet() + ")");
		return reader.apply(json);
	}
}
