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
import java.time.Duration;
import java.util.ArrayList;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.info.BuildProperties;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.support.Api;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.IntegrationTest;

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
			}
		}
		assertThat(probed).as("limits probed").isGreaterThan(10);
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
