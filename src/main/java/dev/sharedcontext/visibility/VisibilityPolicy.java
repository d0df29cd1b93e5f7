package dev.sharedcontext.visibility;

import java.util.Map;

import dev.sharedcontext.auth.AgentPrincipal;

/**
 * Who may read which message, from the one table in {@link Visibility}. The SQL predicate
 * and the in-memory check are built from the same audiences; every read path (lists,
 * counts, search, resources, notifications, live streams) uses one of them, so filtering
 * happens in the database and nothing invisible is loaded.
 */
public final class VisibilityPolicy {

	private VisibilityPolicy() {
	}

	/** Whether {@code viewer} may read a message with these attributes. */
	public static boolean canRead(Viewer viewer, Visibility visibility, String sender, String senderType) {
		return switch (visibility.audience()) {
			case EVERY_READER -> true;
			case SENDER -> viewer.agentId().equals(sender);
			case SAME_AGENT_TYPE -> viewer.agentType().equals(senderType);
			case ADMINS -> viewer.admin();
		};
	}

	/**
	 * A boolean SQL expression over the message table alias {@code m} that is true for
	 * the rows the viewer may read. Its parameters come from
	 * {@link Viewer#sqlParameters()}.
	 */
	public static String sqlPredicate(String m) {
		StringBuilder sql = new StringBuilder("(");
		for (Visibility visibility : Visibility.values()) {
			if (sql.length() > 1) {
				sql.append(" OR ");
			}
			String tier = m + ".visibility = '" + visibility.value() + "'";
			sql.append(switch (visibility.audience()) {
				case EVERY_READER -> tier;
				case SENDER -> "(" + tier + " AND " + m + ".sender = :viewerId)";
				case SAME_AGENT_TYPE -> "(" + tier + " AND " + m + ".sender_type = :viewerType)";
				case ADMINS -> "(" + tier + " AND :viewerAdmin = 1)";
			});
		}
		return sql.append(")").toString();
	}

	/**
	 * The attributes of a caller that visibility depends on.
	 *
	 * @param agentId the caller's agent id
	 * @param agentType the caller's agent type
	 * @param admin whether the caller holds {@code admin}
	 */
	public record Viewer(String agentId, String agentType, boolean admin) {

		public static Viewer of(AgentPrincipal principal) {
			return new Viewer(principal.agentId(), principal.agentType(), principal.isAdmin());
		}

		public Map<String, Object> sqlParameters() {
			return Map.of("viewerId", this.agentId, "viewerType", this.agentType, "viewerAdmin", this.admin ? 1 : 0);
		}

	}

}
