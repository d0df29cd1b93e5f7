package dev.sharedcontext.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.http.HttpStatus;

/**
 * Finishes the generated document so it is the API as served: security schemes and each
 * operation's requirement, every error response as {@code application/problem+json} with
 * the codes it can carry, operation ids from {@link RestOperations}, the event stream as
 * {@code text/event-stream}, request bodies closed ({@code additionalProperties: false},
 * as the server rejects unknown fields) and patterns anchored (Bean Validation's
 * {@code @Pattern} matches the whole value, JSON Schema's {@code pattern} any part).
 */
final class ApiDocument implements OpenApiCustomizer {

	static final String BEARER_AUTH = "bearerAuth";

	static final String API_KEY = "apiKey";

	static final String PROBLEM = "Problem";

	static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

	static final String EVENT_STREAM = org.springframework.http.MediaType.TEXT_EVENT_STREAM_VALUE;

	@Override
	public void customise(OpenAPI openApi) {
		Components components = (openApi.getComponents() != null) ? openApi.getComponents() : new Components();
		openApi.setComponents(components);
		components.addSecuritySchemes(BEARER_AUTH,
				new SecurityScheme().type(SecurityScheme.Type.HTTP)
					.scheme("bearer")
					.description("An agent token: sct_… (default) or a JWT, from POST /api/v1/auth/token"));
		components.addSecuritySchemes(API_KEY,
				new SecurityScheme().type(SecurityScheme.Type.APIKEY)
					.in(SecurityScheme.In.HEADER)
					.name("X-API-Key")
					.description("The server's API key (API_KEY); only for minting tokens and for /mcp"));
		components.addSchemas(PROBLEM, problemSchema());
		Set<String> requestBodies = new LinkedHashSet<>();
		openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
			RestOperations.Operation known = RestOperations.of(method.name(), path);
			operation.setOperationId(known.id());
			operation.setSecurity(security(known.credentials()));
			if (operation.getRequestBody() != null) {
				requestBodies.add(referencedSchema(operation.getRequestBody().getContent()));
			}
			addProblems(operation, known);
			if (operation.getResponses().get("200") != null && isEventStream(operation)) {
				describeEventStream(operation.getResponses().get("200"));
			}
			if (operation.getParameters() != null) {
				operation.getParameters().stream().map(Parameter::getSchema).forEach(ApiDocument::anchorPatterns);
			}
		}));
		requestBodies.stream()
			.filter((name) -> name != null && components.getSchemas().get(name) != null)
			.forEach((name) -> components.getSchemas().get(name).setAdditionalProperties(Boolean.FALSE));
		components.getSchemas().values().forEach(ApiDocument::anchorPatterns);
		components.getSchemas().values().forEach(WireTypes::finish);
		removeUnreferenced(openApi);
	}

	private static List<SecurityRequirement> security(RestOperations.Credentials credentials) {
		return switch (credentials) {
			case BEARER -> List.of(new SecurityRequirement().addList(BEARER_AUTH));
			case API_KEY -> List.of(new SecurityRequirement().addList(API_KEY));
			// an empty requirement: the token may come in the body instead
			case BEARER_OR_BODY -> List.of(new SecurityRequirement().addList(BEARER_AUTH), new SecurityRequirement());
		};
	}

	/**
	 * Each error status the operation can answer with, with the codes it can carry there:
	 * those of the credentials it takes, those of any input, and its own.
	 */
	private static void addProblems(Operation operation, RestOperations.Operation known) {
		Map<Integer, Set<String>> codes = new TreeMap<>();
		add(codes, 400, "INVALID_INPUT");
		add(codes, 500, "INTERNAL_ERROR");
		if (operation.getRequestBody() != null) {
			add(codes, 413, "PAYLOAD_TOO_LARGE");
		}
		switch (known.credentials()) {
			case BEARER -> {
				add(codes, 401, "AUTHENTICATION_REQUIRED", "INVALID_TOKEN", "TOKEN_EXPIRED");
				add(codes, 403, "PERMISSION_DENIED");
				add(codes, 429, "RATE_LIMITED");
			}
			case API_KEY -> {
				add(codes, 401, "AUTHENTICATION_REQUIRED", "INVALID_API_KEY");
				add(codes, 429, "RATE_LIMITED");
			}
			case BEARER_OR_BODY -> add(codes, 401, "INVALID_TOKEN");
		}
		known.errors().forEach((status, own) -> add(codes, status, own.toArray(String[]::new)));
		ApiResponses responses = operation.getResponses();
		codes.forEach((status, list) -> responses.addApiResponse(Integer.toString(status), problem(status, list)));
	}

	private static void add(Map<Integer, Set<String>> codes, int status, String... more) {
		codes.computeIfAbsent(status, (s) -> new LinkedHashSet<>()).addAll(List.of(more));
	}

	@SuppressWarnings("rawtypes")
	private static ApiResponse problem(int status, Set<String> codes) {
		Schema<?> schema = new Schema<>().allOf(List.of(new Schema<>().$ref("#/components/schemas/" + PROBLEM),
				new Schema<>().addProperty("code", typed("string")._enum(new ArrayList<Object>(codes)))
					.addProperty("status", typed("integer")._const(status))));
		return new ApiResponse()
			.description(HttpStatus.valueOf(status).getReasonPhrase() + ": " + String.join(", ", codes))
			.content(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema((Schema) schema)));
	}

	/**
	 * RFC 9457 as the server writes it ({@code web.Problems},
	 * {@code ApiExceptionHandler}).
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static Schema<?> problemSchema() {
		Map<String, Schema> properties = new LinkedHashMap<>();
		properties.put("type", typed("string").format("uri").description("identifies the code"));
		properties.put("title", typed("string").description("the status's reason phrase"));
		properties.put("status", typed("integer").format("int32"));
		properties.put("detail", typed("string").description("what went wrong, for a human"));
		properties.put("instance", typed("string").format("uri-reference"));
		properties.put("code", typed("string").description("stable machine-readable code"));
		properties.put("request_id", typed("string").description("the id the server log has"));
		properties
			.put("errors",
					typed("array").items(typed("object").addProperty("field", typed("string"))
						.addProperty("message", typed("string"))
						.required(List.of("field", "message"))).description("the fields that failed validation"));
		properties.put("suggestions", typed("array").items(typed("string")).description("what to do next"));
		properties.put("retry_after", typed("integer").format("int64")
			.description("seconds to wait before retrying, as in the Retry-After header"));
		Schema problem = typed("object").description("An RFC 9457 problem: every error of the REST API")
			.required(new ArrayList<>(List.of("type", "title", "status", "code")));
		problem.setProperties(properties);
		return problem;
	}

	/** A schema of these JSON types (OpenAPI 3.1's {@code type} may list several). */
	static Schema<Object> typed(String... types) {
		Schema<Object> schema = new Schema<>();
		schema.setSpecVersion(SpecVersion.V31);
		schema.setTypes(new LinkedHashSet<>(List.of(types)));
		return schema;
	}

	private static boolean isEventStream(Operation operation) {
		Content content = operation.getResponses().get("200").getContent();
		if (content == null) {
			return false;
		}
		return content.values()
			.stream()
			.anyMatch((media) -> media.getSchema() != null && media.getSchema().get$ref() != null
					&& media.getSchema().get$ref().endsWith("/SseEmitter"));
	}

	private static void describeEventStream(ApiResponse response) {
		response
			.description("Server-Sent Events: `event: message`, `id:` the message id, `data:` the message "
					+ "as JSON (the Message schema); comments as keep-alives")
			.content(new Content().addMediaType(EVENT_STREAM, new MediaType().schema(typed("string"))));
	}

	private static String referencedSchema(Content content) {
		return content.values()
			.stream()
			.map(MediaType::getSchema)
			.filter((schema) -> schema != null && schema.get$ref() != null)
			.map((schema) -> schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1))
			.findFirst()
			.orElse(null);
	}

	@SuppressWarnings("unchecked")
	private static void anchorPatterns(Schema<?> schema) {
		if (schema == null) {
			return;
		}
		String pattern = schema.getPattern();
		if (pattern != null && !(pattern.startsWith("^") && pattern.endsWith("$"))) {
			schema.setPattern("^(?:" + pattern + ")$");
		}
		if (schema.getProperties() != null) {
			schema.getProperties().values().forEach(ApiDocument::anchorPatterns);
		}
		if (schema.getItems() != null) {
			anchorPatterns(schema.getItems());
		}
	}

	/**
	 * Drops the schemas nothing refers to any more: Jackson's and Spring's types replaced
	 * above ({@code JsonNode}, {@code SseEmitter}) and the request records that
	 * {@link RecordParameters} spread into parameters.
	 */
	private static void removeUnreferenced(OpenAPI openApi) {
		boolean removed = true;
		while (removed) {
			String document = io.swagger.v3.core.util.Json31.pretty(openApi);
			removed = openApi.getComponents()
				.getSchemas()
				.keySet()
				.removeIf((name) -> !document.contains("#/components/schemas/" + name + "\""));
		}
	}

}
