package dev.sharedcontext.search;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Service;

import dev.sharedcontext.audit.AuditSession;
import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.message.IndexQuery;
import dev.sharedcontext.message.Message;
import dev.sharedcontext.message.MessageRepository;
import dev.sharedcontext.metrics.meters.ServerMeters;
import dev.sharedcontext.ratelimit.RateLimit;
import dev.sharedcontext.ratelimit.RateLimited;
import dev.sharedcontext.session.SessionService;
import dev.sharedcontext.visibility.Visibility;
import dev.sharedcontext.visibility.VisibilityPolicy;
import dev.sharedcontext.visibility.VisibilityPolicy.Viewer;
import dev.sharedcontext.web.InvalidInputException;
import dev.sharedcontext.web.Timestamps;

/**
 * {@code search_context}, {@code search_by_sender} and {@code search_by_timerange} (SPEC
 * §7), for MCP and REST alike.
 * <p>
 * A search first asks the word index (BM25, prefix, phrase) for messages containing every
 * query word; those score 100. When they do not fill the page and the threshold allows
 * less than an exact match, it asks the trigram index for a bounded set of messages
 * containing a query word of 3–5 characters or a piece of a longer one (partial matches
 * and typos in long words), and the word index for messages containing a word one edit
 * from a query word of 4–5 characters (typos in short words); it scores each by
 * {@link Similarity} and keeps those at or above {@code fuzzy_threshold}. Exact hits rank
 * before partial ones, partial before typos. Every lookup ranks only the newest
 * {@link #WINDOW} matches in scope, so a broad query costs no more than a narrow one.
 * Both lookups filter by session, scope and {@link VisibilityPolicy} in SQL, so a message
 * the caller may not read is never a candidate.
 * <p>
 * Each answered search is timed in {@code scs.search.latency} by kind ({@code ranked},
 * {@code sender}, {@code time_range}).
 */
@Service
public class SearchService {

	/**
	 * How many of the newest matches in scope each index lookup returns. The indexes walk
	 * their matches newest first and stop here, so a query matching most of a large
	 * database costs about as much as one matching this many messages; the price is that
	 * exact hits are ranked (BM25) among these, and partial and typo candidates are
	 * scored among these, not among every match (docs/search.md).
	 */
	static final int WINDOW = 300;

	private final MessageRepository messages;

	private final SessionService sessions;

	private final TrigramIndex trigrams;

	private final ServerMeters meters;

	SearchService(MessageRepository messages, SessionService sessions, TrigramIndex trigrams, ServerMeters meters) {
		this.meters = meters;
		this.messages = messages;
		this.sessions = sessions;
		this.trigrams = trigrams;
	}

	/**
	 * Ranked search in one session, or in every session when {@code request.sessionId()}
	 * is {@code null}.
	 * @throws dev.sharedcontext.session.SessionNotFoundException when the session does
	 * not exist
	 */
	@RateLimited(RateLimit.SEARCH)
	public SearchResults search(AgentPrincipal caller, SearchRequest request) {
		caller.require(Permission.READ, "search_context");
		long started = System.nanoTime();
		if (request.sessionId() != null) {
			this.sessions.requireReadable(caller, request.sessionId());
		}
		FtsQuery query = FtsQuery.parse(request.query());
		List<SearchHit> hits = query.isEmpty() ? List.of() : find(Viewer.of(caller), query, request);
		long elapsed = System.nanoTime() - started;
		this.meters.searched("ranked", elapsed);
		return new SearchResults(request.sessionId(), request.query(), request.fuzzyThreshold(), request.limit(),
				request.searchMetadata(), request.searchScope(), hits, hits.size(), elapsed / 1_000_000);
	}

	private List<SearchHit> find(Viewer viewer, FtsQuery query, SearchRequest request) {
		int limit = request.limit();
		boolean metadata = request.searchMetadata();
		IndexQuery indexed = query.forIndexes(metadata);
		String session = request.sessionId();
		Visibility tier = request.searchScope().tier();
		List<Message> exact = this.messages.findByWordIndex(indexed, session, tier, viewer, WINDOW);
		double[] ranks = new WordRank(query).rank(exact, metadata);
		List<Ranked> ranked = new ArrayList<>();
		Set<Long> seen = new HashSet<>();
		for (int i = 0; i < exact.size(); i++) {
			seen.add(exact.get(i).id());
			ranked.add(new Ranked(exact.get(i), 100.0, Similarity.Kind.EXACT, null, 0, -ranks[i]));
		}
		if (ranked.size() < limit && request.fuzzyThreshold() < 100 && query.hasFuzzyWords()) {
			this.trigrams.catchUp();
			List<Message> relaxed = new ArrayList<>(
					this.messages.findByTrigramIndex(indexed, session, tier, viewer, WINDOW));
			relaxed.addAll(this.messages.findByWordVariants(indexed, session, tier, viewer, WINDOW));
			for (Message candidate : relaxed) {
				if (!seen.add(candidate.id())) {
					continue;
				}
				Similarity.Match match = Similarity.of(query, candidate.content(),
						metadata ? candidate.metadata() : null);
				if (match.score() >= request.fuzzyThreshold()) {
					ranked.add(new Ranked(candidate, match.score(), match.kind(), match.preview(), 1, 0));
				}
			}
		}
		List<Ranked> page = ranked.stream().sorted(Ranked.ORDER).limit(limit).toList();
		Map<Long, String> previews = this.messages.wordIndexPreviews(indexed, Similarity.MARK_OPEN,
				Similarity.MARK_CLOSE,
				page.stream().filter((r) -> r.preview() == null).map((r) -> r.message().id()).toList());
		return page.stream()
			.map((r) -> new SearchHit(r.message(), r.score(), Relevance.of(r.score()),
					(r.preview() != null) ? r.preview() : previews.get(r.message().id())))
			.toList();
	}

	/**
	 * A hit with what orders it: how its words matched (exact, then partial, then typo),
	 * score, then found by the word index before the others, then rank within the window
	 * (lower is better), then newest. The preview of an exact hit is {@code null} until
	 * the page is known.
	 */
	private record Ranked(Message message, double score, Similarity.Kind kind, String preview, int source,
			double rank) {

		static final Comparator<Ranked> ORDER = Comparator.comparing(Ranked::kind)
			.thenComparingDouble((Ranked r) -> -r.score())
			.thenComparingInt(Ranked::source)
			.thenComparingDouble(Ranked::rank)
			.thenComparingLong((Ranked r) -> -r.message().id());

	}

	/**
	 * The visible messages of {@code sender} in a session, oldest first; {@code limit}
	 * 1–100.
	 */
	@RateLimited(RateLimit.SEARCH)
	public SenderMessages bySender(AgentPrincipal caller, @AuditSession String sessionId, String sender, int limit) {
		caller.require(Permission.READ, "search_by_sender");
		long started = System.nanoTime();
		this.sessions.requireReadable(caller, sessionId);
		List<Message> messages = this.messages.findBySender(sessionId, sender, Viewer.of(caller), limit);
		this.meters.searched("sender", System.nanoTime() - started);
		return new SenderMessages(sessionId, sender, messages, messages.size());
	}

	/**
	 * The visible messages of a session posted from {@code start} to {@code end} (both
	 * inclusive), oldest first; {@code limit} 1–100.
	 * @throws InvalidInputException when {@code start} is after {@code end}
	 * ({@code INVALID_TIME_RANGE}) or either lies outside years 0000–9999
	 * ({@code INVALID_INPUT})
	 */
	@RateLimited(RateLimit.SEARCH)
	public TimeRangeMessages byTimeRange(AgentPrincipal caller, @AuditSession String sessionId, Instant start,
			Instant end, int limit) {
		caller.require(Permission.READ, "search_by_timerange");
		long started = System.nanoTime();
		requireInRange(start, "start_time");
		requireInRange(end, "end_time");
		this.sessions.requireReadable(caller, sessionId);
		if (start.isAfter(end)) {
			throw new InvalidInputException("INVALID_TIME_RANGE", "start_time must not be after end_time",
					List.of(new InvalidInputException.FieldError("start_time", "must not be after end_time")));
		}
		List<Message> messages = this.messages.findInRange(sessionId, start, end, Viewer.of(caller), limit);
		this.meters.searched("time_range", System.nanoTime() - started);
		return new TimeRangeMessages(sessionId, start, end, messages, messages.size());
	}

	private static void requireInRange(Instant time, String field) {
		if (time == null) {
			throw new InvalidInputException("INVALID_INPUT", field + " is required",
					List.of(new InvalidInputException.FieldError(field, "is required")));
		}
		Timestamps.requireFourDigitYear(time, field);
	}

}
