package dev.sharedcontext.mcp.tool;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.sharedcontext.audit.AuditEvent;
import dev.sharedcontext.audit.AuditLog;
import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.auth.token.InvalidTokenException;
import dev.sharedcontext.auth.token.TokenService;
import dev.sharedcontext.mcp.protocol.McpContext;
import dev.sharedcontext.metrics.meters.ServerMeters;
import dev.sharedcontext.web.InvalidInputException;
import dev.sharedcontext.web.JsonNames;
import dev.sharedcontext.web.Violations;

/**
 * One invocation of a tool: its arguments and the caller. The caller is the agent of the
 * {@code auth_token} argument when given (the Python server's convention), otherwise of
 * the connection's bearer token.
 */
public final class ToolCall {

	/**
	 * Per request record, its argument names in snake case: computed once per type, not
	 * by reflection and case conversion on every call.
	 */
	private static final ClassValue<List<String>> ARGUMENT_NAMES = new ClassValue<>() {
		@Override
		protected List<String> computeValue(Class<?> record) {
			return Arrays.stream(record.getRecordComponents()).map((c) -> JsonNames.snakeCase(c.getName())).toList();
		}
	};

	static final String AUTH_TOKEN = "auth_token";

	private static final String NOT_AN_ARGUMENT = "is not an argument of this tool";

	private final ToolDefinition definition;

	private final ObjectNode arguments;

	private final String authToken;

	private final McpContext context;

	private final Services services;

	ToolCall(ToolDefinition definition, ObjectNode arguments, McpContext context, Services services) {
		this.definition = definition;
		this.context = context;
		this.services = services;
		JsonNode token = arguments.remove(AUTH_TOKEN);
		this.authToken = (token != null && token.isString()) ? token.asString() : null;
		this.arguments = arguments;
	}

	public McpContext context() {
		return this.context;
	}

	/**
	 * The calling agent. @throws AuthenticationRequiredException when no token was
	 * presented
	 */
	public AgentPrincipal principal() {
		if (this.authToken != null) {
			try {
				return this.services.tokens.authenticate(this.authToken);
			}
			catch (InvalidTokenException ex) {
				this.services.meters.authenticationFailed(ex.reason().value());
				this.services.audit.record(AuditEvent.of("auth_failure")
					.action("tools/call " + this.definition.name())
					.resource("mcp")
					.result("failure")
					.details(Map.of("reason", ex.reason().value(), "via", AUTH_TOKEN)));
				throw ex;
			}
		}
		if (this.context.headerPrincipal() != null) {
			return this.context.headerPrincipal();
		}
		throw new AuthenticationRequiredException();
	}

	/**
	 * The arguments as a request record, checked with the same Bean Validation
	 * constraints as REST. A tool whose arguments fill two records (a REST path parameter
	 * and a body) reads each with its own call.
	 * @throws InvalidInputException naming the offending argument
	 */
	public <T> T arguments(Class<T> type) {
		ObjectNode own = this.arguments;
		if (this.definition.inputs().size() > 1) {
			rejectUnknownArguments();
			own = JsonNodeFactory.instance.objectNode();
			for (String name : argumentNames(type)) {
				if (this.arguments.has(name)) {
					own.set(name, this.arguments.get(name));
				}
			}
		}
		T value;
		try {
			value = this.services.json.treeToValue(own, type);
		}
		catch (JacksonException ex) {
			throw invalidArguments(ex);
		}
		return validate(value);
	}

	/** Checks an already built request record. */
	public <T> T validate(T value) {
		Set<ConstraintViolation<T>> violations = this.services.validator.validate(value);
		if (!violations.isEmpty()) {
			throw Violations.of(violations);
		}
		return value;
	}

	private void rejectUnknownArguments() {
		for (String name : this.arguments.propertyNames()) {
			if (!isArgument(name)) {
				throw new InvalidInputException("INVALID_INPUT", name + " " + NOT_AN_ARGUMENT,
						List.of(new InvalidInputException.FieldError(name, NOT_AN_ARGUMENT)));
			}
		}
	}

	private boolean isArgument(String name) {
		for (Class<?> type : this.definition.inputs()) {
			if (argumentNames(type).contains(name)) {
				return true;
			}
		}
		return false;
	}

	private static List<String> argumentNames(Class<?> record) {
		return ARGUMENT_NAMES.get(record);
	}

	private static InvalidInputException invalidArguments(JacksonException ex) {
		String path = ex.getPath()
			.stream()
			.map((ref) -> (ref.getPropertyName() != null) ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
			.reduce((a, b) -> a + "." + b)
			.orElse("arguments");
		String message = (ex instanceof tools.jackson.databind.exc.UnrecognizedPropertyException) ? NOT_AN_ARGUMENT
				: "has the wrong type or value";
		return new InvalidInputException("INVALID_INPUT", path + " " + message,
				List.of(new InvalidInputException.FieldError(path, message)));
	}

	/** The collaborators every tool call may need. */
	record Services(TokenService tokens, AuditLog audit, JsonMapper json, Validator validator, ServerMeters meters) {
	}

}
