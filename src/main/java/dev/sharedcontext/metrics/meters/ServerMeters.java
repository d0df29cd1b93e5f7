package dev.sharedcontext.metrics.meters;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The meters an operator of a coordination server watches, all named {@code scs.*}
 * (Prometheus {@code scs_*}) and all defined here, so that docs/operations.md can list
 * them from one file. Features call it where the thing happens, in their service, so a
 * REST request and an MCP tool call are counted by the same line; gauges read the state
 * where it lives (leases, the MCP session table) when they are scraped.
 * <p>
 * A leaf package on purpose: every feature may call it, so it may call none of them (the
 * package graph stays acyclic, see {@code ModularityTests}).
 * <p>
 * Tags take a handful of values each (visibility tiers, rate limits, failure reasons,
 * search kinds); no agent, session or token id ever becomes a tag. Counters and timers
 * are built once per tag value and kept, so a call costs a map read and an add, not a
 * registry lookup.
 */
@Component
public class ServerMeters {

	public static final String MESSAGES_POSTED = "scs.messages.posted";

	public static final String AGENTS_ACTIVE = "scs.agents.active";

	public static final String MCP_SESSIONS_OPEN = "scs.mcp.sessions.open";

	public static final String MCP_SESSIONS_INITIALIZED = "scs.mcp.sessions.initialized";

	public static final String STREAMS_OPEN = "scs.streams.open";

	public static final String WAITS_PARKED = "scs.waits.parked";

	public static final String SEARCH_LATENCY = "scs.search.latency";

	public static final String RATE_LIMIT_REFUSALS = "scs.ratelimit.refusals";

	public static final String AUTH_FAILURES = "scs.auth.failures";

	/**
	 * An agent counts as active for this long after it last authenticated (a request with
	 * its token, REST or MCP): long enough to span an agent's think time between calls
	 * and the 5-minute scrape gaps of a slow Prometheus, short enough that a crashed
	 * fleet shows within minutes.
	 */
	public static final Duration ACTIVE_WINDOW = Duration.ofMinutes(5);

	/**
	 * An agent's last-seen time is rewritten at most this often, so that a busy agent's
	 * requests read the map instead of writing it.
	 */
	static final long SEEN_RESOLUTION_MILLIS = 1_000;

	/**
	 * Search latency buckets (Prometheus {@code le}): from a cached 1 ms lookup to a 5 s
	 * worst case, few enough for a heatmap of every replica.
	 */
	static final Duration[] SEARCH_BUCKETS = { Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
			Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
			Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
			Duration.ofSeconds(5) };

	private final MeterRegistry registry;

	private final Clock clock;

	private final TaggedCounters messagesPosted = new TaggedCounters(MESSAGES_POSTED,
			"Messages committed on this replica, by visibility", "visibility");

	private final TaggedCounters refusals = new TaggedCounters(RATE_LIMIT_REFUSALS,
			"Requests refused with 429, by limit", "limit");

	private final TaggedCounters authFailures = new TaggedCounters(AUTH_FAILURES,
			"Failed authentications, by reason (the audit log's auth_failure reason)", "reason");

	private final Map<String, Timer> searches = new ConcurrentHashMap<>();

	private final Counter mcpSessionsCreated;

	/** When each agent last authenticated (epoch millis); in memory only, never a tag. */
	private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();

	public ServerMeters(MeterRegistry registry, Clock clock) {
		this.registry = registry;
		this.clock = clock;
		this.mcpSessionsCreated = Counter.builder(MCP_SESSIONS_INITIALIZED)
			.description("MCP sessions initialized on this replica")
			.register(registry);
		Gauge.builder(AGENTS_ACTIVE, this::activeAgents)
			.description("Distinct agents that authenticated on this replica in the last 5 minutes")
			.register(registry);
	}

	/** A message was committed; {@code visibility} is its tier's wire value. */
	public void messagePosted(String visibility) {
		this.messagesPosted.increment(visibility);
	}

	/** A request was refused by the rate limit {@code limit} (answered 429). */
	public void rateLimited(String limit) {
		this.refusals.increment(limit);
	}

	/**
	 * Presented credentials were refused, or none were presented where they are needed;
	 * {@code reason} is the audit log's reason.
	 */
	public void authenticationFailed(String reason) {
		this.authFailures.increment(reason);
	}

	/**
	 * A search of {@code kind} was answered in {@code nanos}; refused ones are not timed.
	 */
	public void searched(String kind, long nanos) {
		this.searches
			.computeIfAbsent(kind,
					(name) -> Timer.builder(SEARCH_LATENCY)
						.description("Search latency by kind (ranked, sender, time_range)")
						.tag("kind", name)
						.serviceLevelObjectives(SEARCH_BUCKETS)
						.register(this.registry))
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	/** A new MCP session was initialized. */
	public void mcpSessionCreated() {
		this.mcpSessionsCreated.increment();
	}

	/** {@code agentId} authenticated now; feeds {@value #AGENTS_ACTIVE}. */
	public void agentSeen(String agentId) {
		long now = this.clock.millis();
		Long seen = this.lastSeen.get(agentId);
		if (seen == null || now - seen >= SEEN_RESOLUTION_MILLIS) {
			this.lastSeen.put(agentId, now);
		}
	}

	/** Publishes the number of open event streams (SSE), read on every scrape. */
	public void streamsOpen(Supplier<Number> open) {
		Gauge.builder(STREAMS_OPEN, open)
			.description("Open event streams (SSE: live streams, GET /mcp, subscriptions/listen) on this replica")
			.register(this.registry);
	}

	/** Publishes the number of parked long polls, read on every scrape. */
	public void waitsParked(Supplier<Number> parked) {
		Gauge.builder(WAITS_PARKED, parked)
			.description("Pending wait_for_messages calls (REST and MCP) parked on this replica")
			.register(this.registry);
	}

	/**
	 * Publishes the number of live MCP sessions, read on every scrape. The sessions live
	 * in the shared database, so every replica reports the same figure.
	 */
	public void mcpSessionsOpen(Supplier<Number> open) {
		Gauge.builder(MCP_SESSIONS_OPEN, open)
			.description("MCP sessions not yet deleted or idle-expired (all replicas: the shared database)")
			.register(this.registry);
	}

	/** Distinct agents seen within {@link #ACTIVE_WINDOW}; forgets the others. */
	int activeAgents() {
		long cutoff = this.clock.millis() - ACTIVE_WINDOW.toMillis();
		this.lastSeen.values().removeIf((seen) -> seen < cutoff);
		return this.lastSeen.size();
	}

	/** Keeps the last-seen map small when nobody scrapes. */
	@Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
	void forgetInactiveAgents() {
		activeAgents();
	}

	/** One counter per value of one tag, each registered on first use and then kept. */
	private final class TaggedCounters {

		private final String name;

		private final String description;

		private final String tag;

		private final Map<String, Counter> byValue = new ConcurrentHashMap<>();

		TaggedCounters(String name, String description, String tag) {
			this.name = name;
			this.description = description;
			this.tag = tag;
		}

		void increment(String value) {
			this.byValue
				.computeIfAbsent(value,
						(key) -> Counter.builder(this.name)
							.description(this.description)
							.tag(this.tag, key)
							.register(ServerMeters.this.registry))
				.increment();
		}

	}

}
