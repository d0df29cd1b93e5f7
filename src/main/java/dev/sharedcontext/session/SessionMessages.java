package dev.sharedcontext.session;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

import dev.sharedcontext.visibility.VisibilityPolicy.Viewer;

/**
 * What sessions need to know about their messages, per viewer: the newest visible message
 * and how many are visible. Declared here and implemented by the message package, which
 * owns the {@code messages} table, because {@code message} already depends on
 * {@code session} and the dependency must not run back.
 */
public interface SessionMessages {

	/**
	 * Per session, when its newest message the viewer may read was posted; sessions
	 * without one are absent.
	 */
	Map<String, Instant> lastVisibleMessageAt(Collection<String> sessionIds, Viewer viewer);

	/** Per session, how many of its messages the viewer may read. */
	Map<String, Long> visibleCounts(Collection<String> sessionIds, Viewer viewer);

}
