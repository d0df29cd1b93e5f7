package dev.sharedcontext.limits;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Resource bounds (SPEC §11): what one request, one agent and the whole server may hold
 * at once, so that no agent can stall or exhaust the server. Every value has a default in
 * {@code application.yml} and an environment variable (see {@code .env.example} and
 * SECURITY.md).
 *
 * @param waitsPerAgent concurrent {@code wait_for_messages} calls of one agent
 * ({@code MAX_WAITS_PER_AGENT})
 * @param waitsTotal concurrent {@code wait_for_messages} calls of all agents
 * ({@code MAX_WAITS})
 * @param streamsPerAgent open event streams (the dashboard's live stream, MCP GET and
 * {@code subscriptions/listen} streams) of one agent, or of one address when the stream
 * has no agent token ({@code MAX_STREAMS_PER_AGENT})
 * @param streamsTotal open event streams of all agents ({@code MAX_STREAMS})
 * @param batchSize JSON-RPC messages in one batch, on the protocol revision that still
 * has batches ({@code MCP_MAX_BATCH})
 * @param responseBytes bytes of JSON-RPC answers one {@code POST /mcp} may produce; a
 * batch element past it is answered with an error instead ({@code MAX_RESPONSE_BYTES})
 * @param pageBytes message content and metadata one page of messages or memory entries
 * may carry; a page is cut short there (at least one item always fits) and says
 * {@code has_more} ({@code MAX_PAGE_BYTES})
 */
@Validated
@ConfigurationProperties("shared-context.limits")
public record LimitsProperties(@Min(1) int waitsPerAgent, @Min(1) int waitsTotal, @Min(1) int streamsPerAgent,
		@Min(1) int streamsTotal, @Min(1) int batchSize, @Min(65_536) long responseBytes, @Min(65_536) long pageBytes) {

}
