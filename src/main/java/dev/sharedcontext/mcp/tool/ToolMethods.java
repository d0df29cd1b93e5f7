package dev.sharedcontext.mcp.tool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import jakarta.validation.Validator;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

import dev.sharedcontext.audit.AuditLog;
import dev.sharedcontext.auth.token.TokenService;
import dev.sharedcontext.mcp.protocol.CallToolParams;
import dev.sharedcontext.mcp.protocol.CallToolResult;
import dev.sharedcontext.mcp.protocol.JsonRpc;
import dev.sharedcontext.mcp.protocol.ListToolsResult;
import dev.sharedcontext.mcp.protocol.McpContext;
import dev.sharedcontext.mcp.protocol.McpMethod;
import dev.sharedcontext.mcp.protocol.McpMethods;
import dev.sharedcontext.mcp.protocol.TextContent;
import dev.sharedcontext.mcp.protocol.ToolAnnotations;
import dev.sharedcontext.mcp.protocol.ToolDescriptor;
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
public class ToolMethods implements McpMethods {

	private final Map<String, McpTool> tools = new LinkedHashMap<>();

	private final ToolCall.Services services;

	private final OperationTimer timer;

	ToolMethods(List<McpTool> tools, TokenService tokens, AuditLog audit, JsonMapper json, Validator validator,
			OperationTimer timer) {
		this.timer = timer;
		tools.forEach((tool) -> this.tools.put(tool.name(), tool));
		this.services = new ToolCall.Services(tokens, audit, json, validator);
	}

	@Override
	public Map<String, McpMethod> methods() {
		return Map.of("tools/list", McpMethod.immediate(this::list), "tools/call",
				(params, context) -> call(CallToolParams.from(params), context));
	}

	ListToolsResult list(McpContext context) {
		List<ToolDescriptor> list = new ArrayList<>();
		for (McpTool tool : this.tools.values()) {
			list.add(new ToolDescriptor(tool.name(), null, tool.description(), tool.inputSchema(), null,
					ToolAnnotations.readOnly(tool.readOnly())));
		}
		return new ListToolsResult(list);
	}

	/**
	 * Calls a tool. A tool that waits returns a future; its result is wrapped when it
	 * completes, and its time is recorded then.
	 */
	CompletableFuture<CallToolResult> call(CallToolParams params, McpContext context) {
		McpTool tool = this.tools.get(params.name());
		if (tool == null) {
			throw new JsonRpc.Fault(JsonRpc.INVALID_PARAMS, "Unknown tool: " + params.name());
		}
		ObjectNode args = params.argumentsObject();
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
	private CallToolResult success(Object result) {
		return result(result, false);
	}

	private CallToolResult result(Object result, boolean isError) {
		JsonNode structured = this.services.json().valueToTree(result);
		if (structured instanceof ObjectNode object && !object.has("success")) {
			ObjectNode withSuccess = JsonNodeFactory.instance.objectNode().put("success", true);
			withSuccess.setAll(object);
			structured = withSuccess;
		}
		return new CallToolResult(List.of(TextContent.of(this.services.json().writeValueAsString(structured))),
				structured, isError);
	}

	private CallToolResult failure(ApiException ex) {
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
		return result(error, true);
	}

}
