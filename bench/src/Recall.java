import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Search recall on the bench's corpus: for each word {@link Corpus#PLANTED} in it, the exact word, a prefix, an infix
 * and typos typed as a user would, asked through MCP {@code search_context} (limit 10, default threshold) in the
 * session that holds them; a query counts as found when a result's preview marks the planted word
 * ({@code «word»}). Reported per query class, with PASS when every query of every class found its word.
 */
final class Recall {

	/** The query classes in report order. */
	static final List<String> CLASSES = List.of("exact", "prefix", "infix", "typo-4", "typo-5", "typo-6+");

	/** A query and the planted word it must find. */
	record Probe(String kind, String query, String word) {
	}

	/** Found and asked per class, and the queries that missed. */
	record Result(Map<String, int[]> byClass, List<Probe> missed) {

		boolean all() {
			return this.missed.isEmpty();
		}

	}

	private Recall() {
	}

	/** The probes: for every planted word, its exact form, a prefix, an infix and one-edit typos. */
	static List<Probe> probes() {
		List<Probe> probes = new ArrayList<>();
		for (String word : Corpus.PLANTED) {
			probes.add(new Probe("exact", word, word));
			probes.add(new Probe("prefix", word.substring(0, Math.max(3, word.length() - 1)), word));
			probes.add(new Probe("infix", word.substring(1, Math.min(word.length(), 8)), word));
			String kind = (word.length() == 4) ? "typo-4" : (word.length() == 5) ? "typo-5" : "typo-6+";
			probes.add(new Probe(kind, word.substring(0, 1) + word.substring(2), word)); // deletion
			probes.add(new Probe(kind, word.substring(0, 1) + word.charAt(2) + word.charAt(1) + word.substring(3),
					word)); // transposition
			probes.add(new Probe(kind, word.substring(0, 2) + 'x' + word.substring(3), word)); // substitution
			probes.add(new Probe(kind, word.substring(0, 2) + 'e' + word.substring(2), word)); // insertion
		}
		return probes;
	}

	static Result measure(Agent agent, String session) throws IOException {
		Map<String, int[]> byClass = new LinkedHashMap<>();
		CLASSES.forEach((c) -> byClass.put(c, new int[2]));
		List<Probe> missed = new ArrayList<>();
		for (Probe probe : probes()) {
			if (probe.query().equals(probe.word()) && !probe.kind().equals("exact")) {
				continue;
			}
			String body = agent.tool("search_context", "{\"session_id\":\"" + session + "\",\"query\":\"" + probe.query()
					+ "\",\"limit\":10,\"fuzzy_threshold\":60}");
			boolean found = body.contains("«" + probe.word() + "»") || body.contains("\\u00ab" + probe.word() + "\\u00bb");
			int[] counts = byClass.get(probe.kind());
			counts[1]++;
			if (found) {
				counts[0]++;
			}
			else {
				missed.add(probe);
			}
		}
		return new Result(byClass, missed);
	}

	/** The recall table for docs/benchmarks.md. */
	static String section(Result result) {
		StringBuilder md = new StringBuilder();
		md.append("Recall (planted words ").append(String.join(", ", Corpus.PLANTED))
			.append("; each query must find its word among the first 10 results):\n\n")
			.append("| class | found / asked | recall |\n|---|---:|---:|\n");
		int found = 0;
		int asked = 0;
		for (Map.Entry<String, int[]> entry : result.byClass().entrySet()) {
			int[] c = entry.getValue();
			found += c[0];
			asked += c[1];
			md.append("| ").append(entry.getKey()).append(" | ").append(c[0]).append(" / ").append(c[1]).append(" | ")
				.append(String.format(Locale.ROOT, "%.0f %%", (c[1] == 0) ? 0 : 100.0 * c[0] / c[1])).append(" |\n");
		}
		md.append("| **all** | ").append(found).append(" / ").append(asked).append(" | **")
			.append(result.all() ? "PASS" : "MISS").append("** |\n\n");
		if (!result.missed().isEmpty()) {
			md.append("Missed: ");
			result.missed().forEach((p) -> md.append('`').append(p.query()).append("` (").append(p.word()).append(") "));
			md.append("\n\n");
		}
		return md.toString();
	}

}
