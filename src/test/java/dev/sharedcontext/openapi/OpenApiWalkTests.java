package dev.sharedcontext.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.validation.metadata.ConstraintDescriptor;
import jakarta.validation.metadata.PropertyDescriptor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.info.BuildProperties;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.BindParam;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.mcp.tool.ToolDefinition;
import dev.sharedcontext.mcp.tool.ToolMethods;
import dev.sharedcontext.support.Api;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.IntegrationTest;
import dev.sharedcontext.web.JsonNames;
import dev.sharedcontext.web.validation.TrimmedLength;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document is the API: it is fetched without credentials, validated, and then
 * every operation in it is driven once from the document alone (path parameters from
 * fixtures, bodies from the schemas' required properties, the credentials its security
 * requirement names) and must answer with its documented success status and a body
 * matching its documented schema. Every documented limit is probed at the boundary and
 * one past it, so a limit changed in the code but not in the document (or the other way
 * round) fails here.
 */
class OpenApiWalkTests extends IntegrationTest {

	/**
	 * Mappings the document deliberately leaves out: the MCP endpoint (JSON-RPC,
	 * docs/mcp-clients.md), the error page, and springdoc's own document and UI.
	 */
	private static final Set<String> HIDDEN = Set.of("/mcp", "/error", "/v3/api-docs", "/v3/api-docs.yaml",
			"/v3/api-docs/swagger-config", "/swagger-ui.html", "/swagger-ui");

	/**
	 * Values for required strings whose schema cannot produce a meaningful one (free
	 * text, times); everything else comes from the schema.
	 */
	private static final Map<String, String> STRINGS = Map.of("purpose", "walk", "content", "walk", "agent_id",
			"walker", "agent_type", "claude", "q", "walk", "start_time", "2000-01-01T00:00:00Z", "end_time",
			"2100-01-01T00:00:00Z");

	/**
	 * Limits whose boundary value passes validation but is not a meaningful value by
	 * itself (a cursor or token the server never issued), so only "one past the limit is
	 * refused as documented" is checked for them.
	 */
	private static final Set<String> BOUNDARY_NOT_MEANINGFUL = Set.of("cursor", "current_token");

	private static final List<String> METHOD_ORDER = List.of("post", "put", "patch", "get", "delete");

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping mappings;

	@Autowired
	private BuildProperties build;

	@Autowired
	private Validator validator;

	@Autowired
	private ToolMethods tools;

	private JsonNode document;

	private final Map<String, String> pathValues = new LinkedHashMap<>();

	private final AtomicInteger freshKeys = new AtomicInteger();

	@BeforeEach
	void fetchDocumentAndFixtures() {
		Response docs = this.api.get("/v3/api-docs", null);
		assertThat(docs.status()).as(docs.toString()).isEqualTo(200);
		this.document = docs.json();
		String owner = token("walker", "claude", Permission.values());
		Response session = this.api.post("/api/v1/sessions", owner, Map.of("purpose", "walk fixtures"));
		String sessionId = session.json().get("id").asString();
		Response message = this.api.post("/api/v1/sessions/" + sessionId + "/messages", owner,
				Map.of("content", "walk fixture"));
		String tokenId = this.tokenService
			.issueFromHost("revocable", "claude", List.of(Permission.READ), null,
					dev.sharedcontext.auth.token.TokenFormat.SCT, new dev.sharedcontext.audit.AuditDetails())
			.tokenId();
		this.pathValues.put("sessionId", sessionId);
		this.pathValues.put("session_id", sessionId);
		this.pathValues.put("messageId", message.json().get("id").asString());
		this.pathValues.put("key", "walk-note");
		this.pathValues.put("tokenId", tokenId);
		this.pathValues.put("sender", "walker");
	}

	@Test
	void documentIsValidOpenApiWithTheBuildsTitleAndVersion() {
		ParseOptions options = new ParseOptions();
		options.setResolve(true);
		SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(this.document.toString(), null, options);
		assertThat(parsed.getMessages()).isEmpty();
		assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.1");
		assertThat(parsed.getOpenAPI().getInfo().getTitle()).isEqualTo(this.build.getName());
		assertThat(parsed.getOpenAPI().getInfo().getVersion()).isEqualTo(this.build.getVersion()).isNotBlank();
		assertThat(parsed.getOpenAPI().getComponents().getSecuritySchemes()).containsOnlyKeys("bearerAuth", "apiKey");
	}

	@Test
	void everyOperationAnswersAsDocumented() {
		Set<String> walked = new TreeSet<>();
		for (Op op : operations()) {
			int status = successStatus(op);
			if (isEventStream(op, status)) {
				assertEventStream(op, status);
			}
			else {
				Response response = send(op, request(op), Map.of());
				assertThat(response.status()).as(op + " " + response).isEqualTo(status);
				assertMatches(op, status, response);
			}
			walked.add(op.id());
		}
		assertThat(walked).as("every documented operation was walked")
			.isEqualTo(operations().stream().map(Op::id).collect(Collectors.toCollection(TreeSet::new)))
			.hasSize(operations().size());
	}

	@Test
	void everyRestMappingIsDocumentedAndNothingElse() {
		Set<String> undocumented = new TreeSet<>();
		Set<String> outsideApi = new TreeSet<>();
		for (RequestMappingInfo info : this.mappings.getHandlerMethods().keySet()) {
			for (String pattern : info.getPatternValues()) {
				String path = pattern.replace("{*", "{");
				if (!path.startsWith("/api/")) {
					outsideApi.add(path);
					continue;
				}
				for (RequestMethod method : info.getMethodsCondition().getMethods()) {
					JsonNode item = this.document.get("paths").get(path);
					if (item == null || !item.has(method.name().toLowerCase())) {
						undocumented.add(method + " " + path);
					}
				}
			}
		}
		assertThat(undocumented).isEmpty();
		assertThat(outsideApi).as("mappings outside /api/** are deliberately hidden").isSubsetOf(HIDDEN);
	}

	@Test
	void securedOperationsRefuseCallersWithoutTheDocumentedCredentials() {
		for (Op op : operations()) {
			boolean anonymousAllowed = false;
			for (JsonNode requirement : op.node().get("security")) {
				anonymousAllowed |= requirement.isEmpty();
			}
			if (anonymousAllowed) {
				continue;
			}
			Response response = this.api.send(op.method().toUpperCase(), path(op, false), null,
					hasBody(op) ? request(op) : null, Map.of());
			assertThat(response.status()).as(op + " " + response).isEqualTo(401);
			assertMatches(op, 401, response);
		}
	}

	@Test
	void everyDocumentedLimitIsTheServersLimit() {
		int probed = 0;
		Set<String> probedNames = new TreeSet<>();
		for (Op op : operations()) {
			int status = successStatus(op);
			if (isEventStream(op, status)) {
				continue;
			}
			for (Limit limit : limits(op)) {
				if (!BOUNDARY_NOT_MEANINGFUL.contains(limit.name())) {
					Response atLimit = limit.send(this, op, limit.boundary());
					assertThat(atLimit.status()).as(op + " " + limit + " at the limit: " + atLimit).isEqualTo(status);
				}
				Response past = limit.send(this, op, limit.past());
				assertThat(past.status()).as(op + " " + limit + " past the limit: " + past).isEqualTo(400);
				assertMatches(op, 400, past);
				probed++;
				probedNames.add(op.id() + "." + limit.name());
			}
		}
		assertThat(probed).as("limits probed").isGreaterThan(10);
		assertThat(probedNames).as("the query parameters of records bound with @ModelAttribute")
			.contains("list_sessions.limit", "list_sessions.offset", "search_by_sender.limit",
					"search_by_timerange.limit");
	}

	/**
	 * Each request record a controller binds (a {@code @ModelAttribute} record spread
	 * into parameters, a {@code @RequestBody} record as the body) is documented with
	 * exactly the record's rules, read through Bean Validation's metadata rather than the
	 * document's generator, and the record's {@code @Schema} descriptions.
	 */
	@Test
	void everyBoundRecordIsDocumentedWithItsConstraintsAndDescriptions() {
		Set<String> checked = new TreeSet<>();
		this.mappings.getHandlerMethods().forEach((info, handler) -> {
			Op op = documented(info);
			if (op == null) {
				return;
			}
			for (MethodParameter parameter : handler.getMethodParameters()) {
				Class<?> type = parameter.getParameterType();
				if (!type.isRecord()) {
					continue;
				}
				if (parameter.hasParameterAnnotation(ModelAttribute.class)) {
					Map<String, JsonNode> parameters = new LinkedHashMap<>();
					op.node().get("parameters").forEach((p) -> parameters.put(p.get("name").asString(), p));
					RecordComponent[] components = type.getRecordComponents();
					java.lang.reflect.Parameter[] arguments = canonicalConstructor(type).getParameters();
					for (int i = 0; i < components.length; i++) {
						BindParam bound = arguments[i].getAnnotation(BindParam.class);
						String name = (bound != null) ? bound.value() : components[i].getName();
						JsonNode documented = parameters.get(name);
						assertThat(documented).as(op + " parameter " + name).isNotNull();
						// a path parameter is always required (OpenAPI), whatever the
						// record says
						boolean inPath = documented.path("in").asString("").equals("path");
						assertThat(!inPath || documented.path("required").asBoolean(false)).as(op + " " + name)
							.isTrue();
						checkConstraints(op + " " + name, type, components[i], documented.get("schema"),
								!inPath && documented.path("required").asBoolean(false)
										|| inPath && requiredByRecord(type, components[i]),
								documented.path("description"));
						checked.add(op.id() + "." + name);
					}
				}
				else if (parameter.hasParameterAnnotation(RequestBody.class)) {
					JsonNode body = bodySchema(op);
					Set<String> required = new TreeSet<>();
					body.path("required").forEach((r) -> required.add(r.asString()));
					for (RecordComponent component : type.getRecordComponents()) {
						String name = JsonNames.snakeCase(component.getName());
						JsonNode property = body.get("properties").get(name);
						assertThat(property).as(op + " body property " + name).isNotNull();
						checkConstraints(op + " " + name, type, component, property, required.contains(name),
								property.path("description"));
						checked.add(op.id() + "." + name);
					}
				}
			}
		});
		assertThat(checked).contains("search_by_timerange.start_time", "search_by_sender.sender",
				"list_sessions.active_only", "create_session.purpose", "add_message.content");
	}

	/**
	 * Where a REST operation is an MCP tool's operation (it binds a record the tool
	 * reads), it carries the tool's name; an operation id that is no tool's name is one
	 * of the REST-only operations.
	 */
	@Test
	void restOperationsThatAreToolsCarryTheToolsName() {
		Map<Class<?>, Set<String>> toolsByInput = new LinkedHashMap<>();
		Set<String> toolNames = new TreeSet<>();
		for (ToolDefinition definition : this.tools.definitions()) {
			toolNames.add(definition.name());
			definition.inputs()
				.forEach((input) -> toolsByInput.computeIfAbsent(input, (k) -> new TreeSet<>()).add(definition.name()));
		}
		Set<String> shared = new TreeSet<>();
		this.mappings.getHandlerMethods().forEach((info, handler) -> {
			Op op = documented(info);
			if (op == null) {
				return;
			}
			for (MethodParameter parameter : handler.getMethodParameters()) {
				Set<String> names = toolsByInput.get(parameter.getParameterType());
				if (names != null && (parameter.hasParameterAnnotation(RequestBody.class)
						|| parameter.hasParameterAnnotation(ModelAttribute.class))) {
					// search_session is search_context with the session in the path
					assertThat(names).as(op + " binds " + parameter.getParameterType().getSimpleName())
						.contains(op.id().equals("search_session") ? "search_context" : op.id());
					shared.add(op.id());
				}
			}
		});
		assertThat(shared).contains("create_session", "add_message", "list_sessions", "search_by_sender",
				"search_by_timerange", "set_message_visibility");
		Set<String> restOnly = operations().stream()
			.map(Op::id)
			.filter((id) -> !toolNames.contains(id))
			.collect(Collectors.toCollection(TreeSet::new));
		assertThat(restOnly).as("operations with no MCP tool")
			.isSubsetOf("stream_messages", "search_session", "get_caller", "list_tokens", "issue_token",
					"revoke_token");
	}

	private boolean requiredByRecord(Class<?> type, RecordComponent component) {
		PropertyDescriptor descriptor = this.validator.getConstraintsForClass(type)
			.getConstraintsForProperty(component.getName());
		return descriptor != null && descriptor.getConstraintDescriptors()
			.stream()
			.anyMatch((constraint) -> constraint.getAnnotation().annotationType() == NotNull.class);
	}

	private void checkConstraints(String at, Class<?> type, RecordComponent component, JsonNode schema,
			boolean required, JsonNode description) {
		PropertyDescriptor descriptor = this.validator.getConstraintsForClass(type)
			.getConstraintsForProperty(component.getName());
		boolean notNull = false;
		if (descriptor != null) {
			for (ConstraintDescriptor<?> constraint : descriptor.getConstraintDescriptors()) {
				Map<String, Object> attributes = constraint.getAttributes();
				Class<?> annotation = constraint.getAnnotation().annotationType();
				if (annotation == NotNull.class || annotation == NotEmpty.class || annotation == NotBlank.class) {
					notNull = true;
				}
				else if (annotation == TrimmedLength.class
						|| (annotation == Size.class && component.getType() == String.class)) {
					assertThat(schema.path("minLength").asInt(0)).as(at).isEqualTo((int) attributes.get("min"));
					assertThat(schema.path("maxLength").asInt(-1)).as(at).isEqualTo((int) attributes.get("max"));
				}
				else if (annotation == Min.class) {
					assertThat(schema.path("minimum").asLong(Long.MIN_VALUE)).as(at)
						.isEqualTo((long) attributes.get("value"));
				}
				else if (annotation == Max.class) {
					assertThat(schema.path("maximum").asLong(Long.MAX_VALUE)).as(at)
						.isEqualTo((long) attributes.get("value"));
				}
				else if (annotation == Positive.class) {
					assertThat(schema.path("exclusiveMinimum").asInt(-1)).as(at).isZero();
				}
				else if (annotation == Pattern.class) {
					String regexp = ((String) attributes.get("regexp")).replaceAll("^\\^|\\$$", "");
					assertThat(schema.path("pattern").asString("")).as(at)
						.isIn("^" + regexp + "$", "^(?:" + regexp + ")$");
				}
			}
		}
		assertThat(required).as(at + " required").isEqualTo(notNull);
		io.swagger.v3.oas.annotations.media.Schema documented = field(type, component)
			.getAnnotation(io.swagger.v3.oas.annotations.media.Schema.class);
		if (documented != null && !documented.description().isEmpty()) {
			assertThat(description.asString("")).as(at + " description").isEqualTo(documented.description());
		}
	}

	private static java.lang.reflect.Field field(Class<?> type, RecordComponent component) {
		try {
			return type.getDeclaredField(component.getName());
		}
		catch (NoSuchFieldException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static java.lang.reflect.Constructor<?> canonicalConstructor(Class<?> type) {
		try {
			return type.getDeclaredConstructor(
					Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType).toArray(Class<?>[]::new));
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The documented operation of a mapping under /api, or null outside it. */
	private Op documented(RequestMappingInfo info) {
		for (String pattern : info.getPatternValues()) {
			String path = pattern.replace("{*", "{");
			if (!path.startsWith("/api/")) {
				continue;
			}
			for (RequestMethod method : info.getMethodsCondition().getMethods()) {
				JsonNode node = this.document.get("paths").get(path).get(method.name().toLowerCase());
				return new Op(path, method.name().toLowerCase(), node);
			}
		}
		return null;
	}

	// --- the document

	private List<Op> operations() {
		List<Op> ops = new ArrayList<>();
		this.document.get("paths").properties().forEach((path) -> path.getValue().properties().forEach((method) -> {
			if (METHOD_ORDER.contains(method.getKey())) {
				ops.add(new Op(path.getKey(), method.getKey(), method.getValue()));
			}
		}));
		ops.sort(Comparator.comparingInt((Op op) -> METHOD_ORDER.indexOf(op.method())));
		return ops;
	}

	private static int successStatus(Op op) {
		return op.node()
			.get("responses")
			.propertyNames()
			.stream()
			.filter((status) -> status.startsWith("2"))
			.mapToInt(Integer::parseInt)
			.min()
			.orElseThrow(() -> new AssertionError(op + " documents no success status"));
	}

	private static boolean isEventStream(Op op, int status) {
		JsonNode content = op.node().get("responses").get(Integer.toString(status)).get("content");
		return content != null && content.has("text/event-stream");
	}

	private JsonNode resolve(JsonNode schema) {
		JsonNode current = schema;
		while (current != null && current.has("$ref")) {
			String name = current.get("$ref").asString().replace("#/components/schemas/", "");
			current = this.document.get("components").get("schemas").get(name);
		}
		return current;
	}

	private static boolean hasBody(Op op) {
		return op.node().has("requestBody");
	}

	private JsonNode bodySchema(Op op) {
		return resolve(op.node().get("requestBody").get("content").get("application/json").get("schema"));
	}

	// --- building requests from the document

	private ObjectNode request(Op op) {
		return hasBody(op) ? (ObjectNode) example(bodySchema(op), "body") : null;
	}

	private JsonNode example(JsonNode schema, String name) {
		JsonNode resolved = resolve(schema);
		JsonNodeFactory nodes = JsonNodeFactory.instance;
		if (resolved.has("enum")) {
			return resolved.get("enum").get(0);
		}
		String type = firstType(resolved);
		switch (type) {
			case "object" -> {
				ObjectNode object = nodes.objectNode();
				if (resolved.has("required")) {
					for (JsonNode required : resolved.get("required")) {
						String property = required.asString();
						object.set(property, example(resolved.get("properties").get(property), property));
					}
				}
				return object;
			}
			case "array" -> {
				ArrayNode array = nodes.arrayNode();
				array.add(example(resolved.get("items"), name));
				return array;
			}
			case "integer" -> {
				return nodes.numberNode(resolved.has("minimum") ? Math.max(1, resolved.get("minimum").asLong()) : 1);
			}
			case "number" -> {
				return nodes.numberNode(1.0);
			}
			case "boolean" -> {
				return nodes.booleanNode(false);
			}
			default -> {
				String value = STRINGS.get(name);
				assertThat(value).as("a value for the required string '" + name + "' (add it to STRINGS)").isNotNull();
				return nodes.stringNode(value);
			}
		}
	}

	private static String firstType(JsonNode schema) {
		JsonNode type = schema.get("type");
		if (type == null) {
			return "object";
		}
		if (type.isArray()) {
			return type.get(0).asString();
		}
		return type.asString();
	}

	/**
	 * The path with its parameters filled from fixtures and its required query parameters
	 * from the schema.
	 */
	private String path(Op op, boolean freshKey) {
		return path(op, freshKey, Map.of());
	}

	private String path(Op op, boolean freshKey, Map<String, String> query) {
		String path = op.path();
		Map<String, String> values = new LinkedHashMap<>();
		if (op.node().has("parameters")) {
			for (JsonNode parameter : op.node().get("parameters")) {
				String name = parameter.get("name").asString();
				String in = parameter.get("in").asString();
				if (in.equals("path")) {
					String value = (freshKey && name.equals("key")) ? "walk-" + this.freshKeys.incrementAndGet()
							: this.pathValues.get(name);
					assertThat(value).as("a fixture for path parameter " + name).isNotNull();
					path = path.replace("{" + name + "}", value);
				}
				else if (in.equals("query") && parameter.path("required").asBoolean(false)) {
					values.put(name, example(parameter.get("schema"), name).asString());
				}
			}
		}
		values.putAll(query);
		if (!values.isEmpty()) {
			path += values.entrySet()
				.stream()
				.map((e) -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
				.collect(Collectors.joining("&", "?", ""));
		}
		return path;
	}

	private Map<String, String> credentials(Op op) {
		JsonNode requirement = op.node().get("security").get(0);
		if (requirement.has("apiKey")) {
			return Map.of("X-API-Key", API_KEY);
		}
		if (requirement.has("bearerAuth")) {
			// a fresh token per call: refresh_token retires the token it is given
			return Map.of("Authorization", "Bearer " + token("walker", "claude", Permission.values()));
		}
		return Map.of();
	}

	private Response send(Op op, JsonNode body, Map<String, String> query) {
		return send(op, body, query, false);
	}

	private Response send(Op op, JsonNode body, Map<String, String> query, boolean freshKey) {
		return this.api.send(op.method().toUpperCase(), path(op, freshKey, query), null, body, credentials(op));
	}

	private void assertEventStream(Op op, int status) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + path(op, false)))
			.timeout(Duration.ofSeconds(30));
		credentials(op).forEach(request::header);
		try {
			HttpResponse<InputStream> response = HTTP.send(request.GET().build(),
					HttpResponse.BodyHandlers.ofInputStream());
			try (InputStream body = response.body()) {
				assertThat(response.statusCode()).as(op.toString()).isEqualTo(status);
				assertThat(response.headers().firstValue("Content-Type")).get()
					.asString()
					.startsWith("text/event-stream");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	// --- checking responses against the document

	private void assertMatches(Op op, int status, Response response) {
		JsonNode documented = op.node().get("responses").get(Integer.toString(status));
		assertThat(documented).as(op + " documents " + status).isNotNull();
		JsonNode content = documented.get("content");
		if (content == null) {
			assertThat(response.text()).as(op + " " + status + " has no body").isEmpty();
			return;
		}
		String mediaType = content.propertyNames().iterator().next();
		assertThat(response.headers().get("content-type")).as(op + " content type").isNotNull();
		assertThat(response.headers().get("content-type").get(0)).as(op + " content type").startsWith(mediaType);
		ObjectNode root = JsonNodeFactory.instance.objectNode();
		root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
		root.set("components", this.document.get("components"));
		root.set("allOf", JsonNodeFactory.instance.arrayNode().add(content.get(mediaType).get("schema")));
		List<Error> errors = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
			.getSchema(root)
			.validate(response.json());
		assertThat(errors).as(op + " " + status + " body " + response.text()).isEmpty();
	}

	// --- limits

	private List<Limit> limits(Op op) {
		List<Limit> limits = new ArrayList<>();
		if (op.node().has("parameters")) {
			for (JsonNode parameter : op.node().get("parameters")) {
				if (parameter.get("in").asString().equals("query")) {
					limits.addAll(Limit.of(parameter.get("name").asString(), parameter.get("schema"), true));
				}
			}
		}
		if (hasBody(op)) {
			bodySchema(op).get("properties")
				.properties()
				.forEach((property) -> limits.addAll(Limit.of(property.getKey(), property.getValue(), false)));
		}
		return limits;
	}

	/** A documented limit of one parameter or body property. */
	private record Limit(String name, String kind, JsonNode boundary, JsonNode past, boolean query) {

		static List<Limit> of(String name, JsonNode schema, boolean query) {
			JsonNodeFactory nodes = JsonNodeFactory.instance;
			List<Limit> limits = new ArrayList<>();
			if (schema.has("maxLength")) {
				int max = schema.get("maxLength").asInt();
				limits.add(new Limit(name, "maxLength " + max, nodes.stringNode("a".repeat(max)),
						nodes.stringNode("a".repeat(max + 1)), query));
			}
			boolean integer = "integer".equals(firstType(schema));
			if (schema.has("maximum")) {
				JsonNode max = schema.get("maximum");
				limits.add(new Limit(name, "maximum " + max, max,
						integer ? nodes.numberNode(max.asLong() + 1) : nodes.numberNode(max.asDouble() + 1), query));
			}
			if (schema.has("minimum")) {
				JsonNode min = schema.get("minimum");
				limits.add(new Limit(name, "minimum " + min, min,
						integer ? nodes.numberNode(min.asLong() - 1) : nodes.numberNode(min.asDouble() - 1), query));
			}
			return limits;
		}

		Response send(OpenApiWalkTests walk, Op op, JsonNode value) {
			if (this.query) {
				return walk.send(op, walk.request(op), Map.of(this.name, value.asString()), true);
			}
			ObjectNode body = walk.request(op);
			body.set(this.name, value);
			return walk.send(op, body, Map.of(), true);
		}

		@Override
		public String toString() {
			return this.name + " " + this.kind;
		}

	}

	private record Op(String path, String method, JsonNode node) {

		String id() {
			return this.node.get("operationId").asString();
		}

		@Override
		public String toString() {
			return id() + " (" + this.method.toUpperCase() + " " + this.path + ")";
		}

	}

}
