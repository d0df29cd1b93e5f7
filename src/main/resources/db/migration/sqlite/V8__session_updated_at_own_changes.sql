-- sessions.updated_at now records the session's own changes only (creation; no operation changes a session
-- after it): a message no longer moves it, because a caller must not learn from it that a message it may not
-- read was posted. The activity a caller sees adds the newest message it may read, computed per caller
-- (SessionRepository). Until now every message set updated_at, so reset it to the only own change there was.
UPDATE sessions SET updated_at = created_at;
