package dev.sharedcontext.mcp.tool;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tool results in the Python server's shape: {@code success: true} first, then the
 * fields.
 */
final class Results {

	private Results() {
	}

	static Map<String, Object> success() {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("success", true);
		return result;
	}

	static Map<String, Object> success(String key, Object value) {
		Map<String, Object> result = success();
		result.put(key, value);
		return result;
	}

}
