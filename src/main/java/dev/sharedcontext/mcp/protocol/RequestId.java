package dev.sharedcontext.mcp.protocol;

import java.math.BigInteger;

import com.fasterxml.jackson.annotation.JsonValue;
import tools.jackson.databind.JsonNode;

/**
 * A JSON-RPC request id as MCP allows it: a string or an integer, echoed back exactly as
 * the client sent it (an integer of any size keeps all its digits). Anything else — a
 * fraction, a boolean, an object — is not an id, so a request carrying one cannot be
 * answered by id and its error goes to id {@code null}, as JSON-RPC 2.0 says.
 */
public sealed interface RequestId permits RequestId.StringId, RequestId.NumberId {

	/**
	 * The id in {@code node}, or {@code null} when it is absent, {@code null} or not a
	 * string or an integer.
	 */
	static RequestId of(JsonNode node) {
		if (node == null) {
			return null;
		}
		if (node.isString()) {
			return new StringId(node.asString());
		}
		if (node.isIntegralNumber()) {
			return new NumberId(node.bigIntegerValue());
		}
		return null;
	}

	/** A string id. */
	record StringId(@JsonValue String value) implements RequestId {

	}

	/** An integer id, of any size. */
	record NumberId(@JsonValue BigInteger value) implements RequestId {

	}

}
