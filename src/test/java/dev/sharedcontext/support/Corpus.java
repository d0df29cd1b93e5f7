package dev.sharedcontext.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * The committed seed corpus of a fuzz test, and mutations of it. A corpus is a UTF-8 text
 * file next to the test ({@code src/test/resources/<package>/<Name>Inputs/}), one input
 * per line; blank lines and lines starting with {@code #} are skipped, and {@code \n},
 * {@code \t}, {@code \\} and {@code \}{@code uXXXX} are unescaped so that control
 * characters, lone surrogates and line breaks can be written down. Every seed runs in
 * every build; the mutations add new inputs derived from them on each run.
 */
public final class Corpus {

	private Corpus() {
	}

	/** The inputs in {@code resource}, relative to {@code owner}'s package. */
	public static List<String> load(Class<?> owner, String resource) {
		List<String> inputs = new ArrayList<>();
		try (InputStream stream = owner.getResourceAsStream(resource)) {
			if (stream == null) {
				throw new IllegalStateException("No corpus " + resource + " next to " + owner.getName());
			}
			BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				if (!line.isBlank() && !line.startsWith("#")) {
					inputs.add(unescape(line));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return List.copyOf(inputs);
	}

	static String unescape(String line) {
		StringBuilder text = new StringBuilder(line.length());
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (c != '\\' || i + 1 == line.length()) {
				text.append(c);
				continue;
			}
			char next = line.charAt(++i);
			switch (next) {
				case 'n' -> text.append('\n');
				case 't' -> text.append('\t');
				case 'r' -> text.append('\r');
				case '\\' -> text.append('\\');
				case 'u' -> {
					text.append((char) Integer.parseInt(line.substring(i + 1, i + 5), 16));
					i += 4;
				}
				default -> text.append('\\').append(next);
			}
		}
		return text.toString();
	}

	/**
	 * Seeds as they are, seeds mutated (characters inserted, deleted, replaced,
	 * duplicated; two seeds spliced) and arbitrary strings, of every {@code char}
	 * including lone surrogates and control characters.
	 */
	public static Arbitrary<String> seedsAndMutations(List<String> seeds, int maxLength) {
		return Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.of(seeds)),
				Tuple.of(5, Arbitraries.randomValue((random) -> mutate(random, seeds, maxLength))),
				Tuple.of(3, Arbitraries.strings().all().ofMaxLength(maxLength)));
	}

	/** One seed changed by one to four random edits. */
	public static String mutate(Random random, List<String> seeds, int maxLength) {
		StringBuilder text = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
		int edits = 1 + random.nextInt(4);
		for (int e = 0; e < edits; e++) {
			int at = text.length() == 0 ? 0 : random.nextInt(text.length() + 1);
			switch (random.nextInt(6)) {
				case 0 -> text.insert(at, randomChar(random));
				case 1 -> {
					if (at < text.length()) {
						text.deleteCharAt(at);
					}
				}
				case 2 -> {
					if (at < text.length()) {
						text.setCharAt(at, randomChar(random));
					}
				}
				case 3 -> text.insert(at, seeds.get(random.nextInt(seeds.size())));
				case 4 -> {
					int to = at + random.nextInt(Math.max(1, text.length() - at + 1));
					text.insert(at, text.substring(at, Math.min(to, text.length())));
				}
				default -> text.setLength(at);
			}
		}
		return (text.length() > maxLength) ? text.substring(0, maxLength) : text.toString();
	}

	private static char randomChar(Random random) {
		String interesting = "\"'*:^(){}[],.-+\\ \t\n\u0000\u00a0\u200b\ud83d\ude42\ud800\udc00é";
		return switch (random.nextInt(3)) {
			case 0 -> interesting.charAt(random.nextInt(interesting.length()));
			case 1 -> (char) (32 + random.nextInt(95));
			default -> (char) random.nextInt(0x10000);
		};
	}

}
