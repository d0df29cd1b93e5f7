import java.util.SplittableRandom;

/**
 * Synthetic message text with a Zipf-like word distribution (a few very common words, a long tail), plus marker
 * words at known, fixed rates so that searches of known selectivity can be asked. Deterministic for a seed. Only
 * ASCII letters and spaces, so the text needs no JSON escaping.
 */
final class Corpus {

	/**
	 * In one message of {@value #RARE_EVERY}: the selective search term. Message numbers 4321 + k × 50,000, so with
	 * messages dealt round-robin over 20 sessions they all land in session 1.
	 */
	static final String RARE = "pangolin";

	static final int RARE_EVERY = 50_000;

	/**
	 * Words planted for the recall report (Recall.java), of 4, 5 and 6+ letters, none of which the generated
	 * vocabulary can produce: one of them in message numbers 21 + k × {@value #PLANTED_EVERY} (all in session 1 with
	 * 20 sessions), in turn, so each is in about 1,000,000 / {@value #PLANTED_EVERY} / 8 messages of a 1M corpus.
	 */
	static final String[] PLANTED = { "kiwi", "yeti", "otter", "llama", "quokka", "wombat", "narwhal",
			"authentication" };

	static final int PLANTED_EVERY = 1000;

	/** In about one message in a hundred: a medium-selectivity term. */
	static final String MEDIUM = "deployment";

	static final int MEDIUM_EVERY = 100;

	private static final String[] SYLLABLES = { "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pa", "qui", "dor",
			"fen", "gal", "hox", "jum", "bri", "cet", "wy", "ux" };

	private static final String[] COMMON = { "the", "agent", "task", "status", "update", "session", "result", "review",
			"test", "build", "error", "fixed", "plan", "next", "step", "done", "check", "merge", "branch", "context" };

	private final String[] words;

	private final double[] cumulative;

	Corpus(int vocabulary) {
		this.words = new String[vocabulary];
		SplittableRandom random = new SplittableRandom(42);
		for (int i = 0; i < vocabulary; i++) {
			if (i < COMMON.length) {
				this.words[i] = COMMON[i];
				continue;
			}
			StringBuilder word = new StringBuilder();
			int syllables = 2 + random.nextInt(3);
			for (int s = 0; s < syllables; s++) {
				word.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
			}
			this.words[i] = word.toString();
		}
		this.cumulative = new double[vocabulary];
		double sum = 0;
		for (int i = 0; i < vocabulary; i++) {
			sum += 1.0 / (i + 1);
			this.cumulative[i] = sum;
		}
		for (int i = 0; i < vocabulary; i++) {
			this.cumulative[i] /= sum;
		}
	}

	String mostCommonWord() {
		return this.words[0];
	}

	/** The text of message number {@code n}: 8–23 words, markers at their fixed rates. */
	String message(long n) {
		SplittableRandom random = new SplittableRandom(n * 0x9E3779B97F4A7C15L + 7);
		int count = 8 + random.nextInt(16);
		StringBuilder text = new StringBuilder(count * 7);
		for (int i = 0; i < count; i++) {
			if (i > 0) {
				text.append(' ');
			}
			text.append(word(random.nextDouble()));
		}
		if (random.nextInt(MEDIUM_EVERY) == 0) {
			text.append(' ').append(MEDIUM);
		}
		if (n % PLANTED_EVERY == 21) {
			text.append(' ').append(PLANTED[(int) ((n / PLANTED_EVERY) % PLANTED.length)]);
		}
		if (n % RARE_EVERY == 4321) {
			text.append(' ').append(RARE);
		}
		return text.toString();
	}

	private String word(double u) {
		int lo = 0;
		int hi = this.cumulative.length - 1;
		while (lo < hi) {
			int mid = (lo + hi) >>> 1;
			if (this.cumulative[mid] < u) {
				lo = mid + 1;
			}
			else {
				hi = mid;
			}
		}
		return this.words[lo];
	}

}
