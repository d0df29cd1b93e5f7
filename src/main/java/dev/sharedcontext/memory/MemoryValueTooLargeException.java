package dev.sharedcontext.memory;

import java.util.List;

import dev.sharedcontext.web.InvalidInputException;

/**
 * The value serializes to more bytes than {@link MemoryProperties#maxValueBytes()}
 * allows.
 */
public class MemoryValueTooLargeException extends InvalidInputException {

	public MemoryValueTooLargeException(int maxBytes) {
		super("CONTENT_TOO_LARGE", "value must serialize to at most " + maxBytes + " bytes of JSON",
				List.of(new FieldError("value", "must serialize to at most " + maxBytes + " bytes")));
	}

}
