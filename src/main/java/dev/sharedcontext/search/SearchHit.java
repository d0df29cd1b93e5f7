package dev.sharedcontext.search;

import dev.sharedcontext.message.Message;

/**
 * One search result.
 *
 * @param message the message (the caller may read it)
 * @param score 0–100: 100 when every query word occurs in the message as typed (or as a
 * prefix for {@code word*}), lower the more edits the closest words need
 * @param relevance the score read as high, medium or low
 * @param matchPreview plain-text excerpt with the matched words wrapped in « and »;
 * clients render it as text
 */
public record SearchHit(Message message, double score, Relevance relevance, String matchPreview) {

}
