package dev.sharedcontext.mcp.tool;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.sharedcontext.audit.AuditEvent;
import dev.sharedcontext.audit.AuditLog;
import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.auth.token.InvalidTokenException;
import dev.sharedcontext.auth.token.TokenService;
import dev.sharedcontext.mcp.protocol.McpContext;
import dev.sharedcontext.web.InvalidInputException;
import dev.sharedcontext.web.JsonNames;

/**
 * One invocation of a tool: its arguments and the caller. The caller is the agent of the
 * {@code auth_token} argument when given (the Python server's convention), otherwise of
 * the connection's bearer token.
 */
public final class ToolCall {

	static final String AUTH_TOKEN = "auth_token";

	private final String toolName;

	private final ObjectNode arguments;

	private final String authToken;

	private final McpContext context;

	private final Services services;

	ToolCall(String toolName, ObjectNode arguments, McpContext context, Services services) {
		this.toolName = toolName;
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
				this.services.audit.record(AuditEvent.of("auth_failure")
					.action("tools/call " + this.toolName)
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
	 * constraints as REST.
	 * @throws InvalidInputException naming the offending argument
	 */
	public <T> T arguments(Class<T> type) {
		T value;
		try {
			value = this.services.json.treeToValue(this.arguments, type);
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
			List<InvalidInputException.FieldError> errors = violations.stream()
				.map((v) -> new InvalidInputException.FieldError(JsonNames.snakeCase(v.getPropertyPath().toString()),
						v.getMessage()))
				.sorted((a, b) -> a.field().compareTo(b.field()))
				.toList();
			boolean tooLarge = violations.stream()
				.anyMatch((v) -> isSizeConstraint(v) && !(v.getInvalidValue() instanceof String s && s.isBlank()));
			throw new InvalidInputException(tooLarge ? "CONTENT_TOO_LARGE" : "INVALID_INPUT",
					errors.stream().map((e) -> e.field() + " " + e.message()).reduce((a, b) -> a + "; " + b).orElse(""),
					errors);
		}
		return value;
	}

	private static boolean isSizeConstraint(ConstraintViolation<?> violation) {
		String name = violation.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
		return name.equals("TrimmedLength") || name.equals("JsonObjectLimits");
	}

	private static InvalidInputException invalidArguments(JacksonException ex) {
		String path = ex.getPath()
			.stream()
			.map((ref) -> (ref.getPropertyName() != null) ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
			.reduce((a, b) -> a + "." + b)
			.orElse("arguments");
		String message = (ex instanceof tools.jackson.databind.exc.UnrecognizedPropertyException)
				? "is not an argument of this tool" : "has the wrong type or value";
		return new InvalidInputException("INVALID_INPUT", path + " " + message,
				List.of(new InvalidInputException.FieldError(path, message)));
	}

	/** The collaborators every tool call may need. */
	record Services(TokenService tokens, AuditLog audit, JsonMapper json, Validator validator) {
	}

}
