package dev.sharedcontext.mcp.tool;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import jakarta.validation.Validator;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

import dev.sharedcontext.audit.AuditLog;
import dev.sharedcontext.auth.token.TokenService;
import dev.sharedcontext.mcp.JsonRpc;
import dev.sharedcontext.mcp.McpContext;
import dev.sharedcontext.metrics.OperationTimer;
import dev.sharedcontext.web.ApiException;
import dev.sharedcontext.web.InvalidInputException;
import dev.sharedcontext.web.RetryableException;

/**
 * {@code tools/list} and {@code tools/call} over every {@link McpTool} bean. A tool's
 * domain failure becomes a result with {@code isError: true} and {@code {success: false,
 * error, code, suggestions}}; only an unknown tool or malformed params are JSON-RPC
 * errors.
 */
@Component
public class ToolMethods {

	private final Map<String, McpTool> tools = new LinkedHashMap<>();

	private final ToolCall.Services services;

	private final OperationTimer timer;

	ToolMethods(List<McpTool> tools, TokenService tokens, AuditLog audit, JsonMapper json, Validator validator,
			OperationTimer timer) {
		this.timer = timer;
		tools.forEach((tool) -> this.tools.put(tool.name(), tool));
		this.services = new ToolCall.Services(tokens, audit, json, validator);
	}

	public JsonNode list(JsonNode params, McpContext context) {
		ObjectNode result = JsonNodeFactory.instance.objectNode();
		ArrayNode list = result.putArray("tools");
		for (McpTool tool : this.tools.values()) {
			ObjectNode entry = list.addObject();
			entry.put("name", tool.name());
			entry.put("description", tool.description());
			entry.set("inputSchema", tool.inputSchema());
			entry.putObject("annotations").put("readOnlyHint", tool.readOnly());
		}
		return result;
	}

	/**
	 * Calls a tool. A tool that waits returns a future; its result is wrapped when it
	 * completes, and its time is recorded then.
	 */
	public CompletableFuture<JsonNode> call(JsonNode params, McpContext context) {
		JsonNode name = params.get("name");
		if (name == null || !name.isString()) {
			throw new JsonRpc.Fault(JsonRpc.INVALID_PARAMS, "params.name must name a tool");
		}
		McpTool tool = this.tools.get(name.asString());
		if (tool == null) {
			throw new JsonRpc.Fault(JsonRpc.INVALID_PARAMS, "Unknown tool: " + name.asString());
		}
		JsonNode arguments = params.get("arguments");
		if (arguments != null && !arguments.isNull() && !arguments.isObject()) {
			throw new JsonRpc.Fault(JsonRpc.INVALID_PARAMS, "params.arguments must be an object");
		}
		ObjectNode args = (arguments instanceof ObjectNode object) ? object.deepCopy()
				: JsonNodeFactory.instance.objectNode();
		long start = System.nanoTime();
		Object result;
		try {
			result = tool.call(new ToolCall(tool.name(), args, context, this.services));
		}
		catch (ApiException ex) {
			this.timer.record(tool.name(), false, System.nanoTime() - start);
			return CompletableFuture.completedFuture(failure(ex));
		}
		catch (RuntimeException ex) {
			this.timer.record(tool.name(), false, System.nanoTime() - start);
			throw ex;
		}
		if (!(result instanceof CompletionStage<?> pending)) {
			this.timer.record(tool.name(), true, System.nanoTime() - start);
			return CompletableFuture.completedFuture(success(result));
		}
		return pending.toCompletableFuture().handle((value, ex) -> {
			Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
			this.timer.record(tool.name(), cause == null, System.nanoTime() - start);
			if (cause == null) {
				return success(value);
			}
			if (cause instanceof ApiException api) {
				return failure(api);
			}
			throw (cause instanceof RuntimeException runtime) ? runtime : new CompletionException(cause);
		});
	}

	/**
	 * Wraps a result; a record or map without a {@code success} field gets
	 * {@code success: true} first.
	 */
	private JsonNode success(Object result) {
		JsonNode structured = this.services.json().valueToTree(result);
		if (structured instanceof ObjectNode object && !object.has("success")) {
			ObjectNode withSuccess = JsonNodeFactory.instance.objectNode().put("success", true);
			withSuccess.setAll(object);
			structured = withSuccess;
		}
		ObjectNode out = JsonNodeFactory.instance.objectNode();
		out.putArray("content")
			.addObject()
			.put("type", "text")
			.put("text", this.services.json().writeValueAsString(structured));
		out.set("structuredContent", structured);
		out.put("isError", false);
		return out;
	}

	private JsonNode failure(ApiException ex) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("success", false);
		error.put("error", ex.getMessage());
		error.put("code", ex.code());
		error.put("suggestions", ex.suggestions());
		if (ex instanceof InvalidInputException invalid && !invalid.errors().isEmpty()) {
			error.put("errors", invalid.errors());
		}
		if (ex instanceof RetryableException retryable) {
			error.put("retry_after", retryable.retryAfterSeconds());
		}
		ObjectNode out = (ObjectNode) success(error);
		out.put("isError", true);
		return out;
	}

}
