package org.scribble2label.io.labkit;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;

/**
 * A JSON file of Labkit, read with Gson's streaming reader so that nothing is held twice and
 * duplicate keys can be seen. Turns every parser failure into a {@link LabelingFormatException}
 * that names the file, says what is wrong and what to do.
 * <p>
 * Labkit writes with the platform's default encoding, so a file from Windows may hold "µm" as
 * one Latin-1 byte: the file is read as UTF-8 and, if that fails, again as Latin-1.
 */
final class JsonSource {

	/** Reads a whole document; the reader has already peeked its first token. */
	@FunctionalInterface
	interface Body<T> {
		T read(JsonReader in) throws IOException;
	}

	private static final Pattern POSITION = Pattern.compile("at line (\\d+) column (\\d+)");
	private static final int LONGEST_NUMBER = 64;

	private final Path file;
	private final String kind;
	private final String advice;

	/**
	 * @param kind what the file is, for messages ("Labkit labeling")
	 * @param advice what to do when the file is damaged
	 */
	JsonSource(final Path file, final String kind, final String advice) {
		this.file = file;
		this.kind = kind;
		this.advice = advice;
	}

	Path file() {
		return file;
	}

	<T> T parse(final Body<T> body) throws IOException {
		if (!Files.isRegularFile(file))
			throw new LabelingFormatException("There is no " + kind + " at " + file.toAbsolutePath() +
				". Choose an existing file.");
		try {
			return parse(body, StandardCharsets.UTF_8.newDecoder());
		}
		catch (final CharacterCodingException notUtf8) {
			return parse(body, StandardCharsets.ISO_8859_1.newDecoder());
		}
	}

	private <T> T parse(final Body<T> body, final CharsetDecoder decoder) throws IOException {
		decoder.onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
		try (Reader reader = new InputStreamReader(new BufferedInputStream(Files.newInputStream(file)), decoder);
			JsonReader in = new JsonReader(reader))
		{
			try {
				in.peek();
			}
			catch (final EOFException e) {
				throw fail("the file is empty", advice);
			}
			return body.read(in);
		}
		catch (final EOFException e) {
			throw fail("the file ends too early: it is cut off (" + position(e) + "), e.g. by an interrupted copy or a " +
				"full disk", advice, e);
		}
		catch (final MalformedJsonException e) {
			final String reason = reason(e);
			throw fail("it is not valid JSON (" + (reason.isEmpty() ? "" : reason + " ") + position(e) + ")" +
				(reason.startsWith("Unterminated") ? "; the file may be cut off" : ""), advice, e);
		}
		catch (final IllegalStateException | NumberFormatException e) {
			throw fail("unexpected content (" + e.getMessage() + ")", advice, e);
		}
	}

	LabelingFormatException fail(final String problem, final String whatToDo) {
		return new LabelingFormatException(message(problem, whatToDo));
	}

	private LabelingFormatException fail(final String problem, final String whatToDo, final Throwable cause) {
		return new LabelingFormatException(message(problem, whatToDo), cause);
	}

	private String message(final String problem, final String whatToDo) {
		return "Cannot read the " + kind + " " + file + ": " + problem + ". " + whatToDo;
	}

	/** A damaged file: the problem and the general advice. */
	LabelingFormatException damaged(final String problem) {
		return fail(problem, advice);
	}

	/** Fails unless the next token is {@code expected}; {@code what} names the value, e.g. "\"interval\"". */
	void expect(final JsonReader in, final JsonToken expected, final String what) throws IOException {
		final JsonToken actual = in.peek();
		if (actual != expected)
			throw damaged(what + " should be " + describe(expected) + " but is " + describe(actual) + " (at " +
				in.getPath() + ")");
	}

	/**
	 * A whole number; values beyond the range of long become {@link Long#MAX_VALUE} or
	 * {@link Long#MIN_VALUE}, which every size and coordinate check rejects.
	 */
	long wholeNumber(final JsonReader in, final String what) throws IOException {
		expect(in, JsonToken.NUMBER, what);
		final String path = in.getPath();
		final String text = in.nextString();
		try {
			return Long.parseLong(text);
		}
		catch (final NumberFormatException notPlain) {
			if (text.matches("-?[0-9]+")) return text.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
			if (text.length() <= LONGEST_NUMBER) try {
				final BigDecimal value = new BigDecimal(text);
				if (value.signum() == 0) return 0;
				if (value.stripTrailingZeros().scale() <= 0) {
					if (value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) return Long.MAX_VALUE;
					if (value.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0) return Long.MIN_VALUE;
					return value.longValueExact();
				}
			}
			catch (final NumberFormatException | ArithmeticException e) {
				// falls through to the message below
			}
			throw damaged(what + " should be a whole number but is " + shorten(text) + " (at " + path + ")");
		}
	}

	static String describe(final JsonToken token) {
		switch (token) {
			case BEGIN_ARRAY: return "an array [...]";
			case BEGIN_OBJECT: return "an object {...}";
			case STRING: return "a string";
			case NUMBER: return "a number";
			case BOOLEAN: return "true or false";
			case NULL: return "null";
			case END_DOCUMENT: return "missing (the file ends)";
			default: return "missing";
		}
	}

	static String shorten(final String text) {
		return text.length() <= 40 ? text : text.substring(0, 37) + "...";
	}

	private static String position(final IOException e) {
		final String message = e.getMessage() == null ? "" : e.getMessage();
		final Matcher m = POSITION.matcher(message);
		return m.find() ? "line " + m.group(1) + ", column " + m.group(2) : "position unknown";
	}

	/** Gson's reason without its advice to parse leniently, which is meant for programmers. */
	private static String reason(final IOException e) {
		String message = e.getMessage() == null ? "" : e.getMessage();
		final int newline = message.indexOf('\n');
		if (newline >= 0) message = message.substring(0, newline);
		final int at = message.indexOf(" at line ");
		if (at >= 0) message = message.substring(0, at);
		if (message.startsWith("Use JsonReader.setLenient")) return "";
		return message.trim();
	}

	/** A JSON string literal in plain ASCII (others as \\uXXXX), readable whatever encoding Labkit assumes. */
	static String quote(final String text) {
		final StringBuilder s = new StringBuilder(text.length() + 2).append('"');
		for (int i = 0; i < text.length(); i++) {
			final char c = text.charAt(i);
			if (c == '"' || c == '\\') s.append('\\').append(c);
			else if (c >= 0x20 && c < 0x7F) s.append(c);
			else s.append(String.format("\\u%04x", (int) c));
		}
		return s.append('"').toString();
	}
}
