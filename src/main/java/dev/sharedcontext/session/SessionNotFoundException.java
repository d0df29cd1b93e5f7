package dev.sharedcontext.session;

import java.util.List;

import org.springframework.http.HttpStatus;

import dev.sharedcontext.web.ApiException;

/** No session with the given id. */
public class SessionNotFoundException extends ApiException {

	public SessionNotFoundException(String sessionId) {
		super(HttpStatus.NOT_FOUND, "SESSION_NOT_FOUND",
				"No session with id '" + SessionIds.printable(sessionId) + "'");
	}

	@Override
	public List<String> suggestions() {
		return List.of("List sessions with list_sessions (GET /api/v1/sessions)",
				"Session ids look like session_0123456789abcdef");
	}

}
