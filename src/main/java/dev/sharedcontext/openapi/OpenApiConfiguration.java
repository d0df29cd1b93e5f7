package dev.sharedcontext.openapi;

import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springdoc.core.utils.SpringDocUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes {@code /v3/api-docs} describe the API the server really serves: the wire's
 * property names and types, the security each operation needs, every error as
 * {@code application/problem+json}, named operations, and the build's title and version.
 * Controllers and request records stay the source; this class only adds what they cannot
 * say themselves.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static {
		// a JsonNode in a request or response is any JSON value, not Jackson's node API
		SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, WireTypes.anyJson());
	}

	/**
	 * swagger-core's model resolver with the application's naming strategy, so schemas
	 * show {@code agent_id} where the server reads and writes {@code agent_id}.
	 */
	@Bean
	ModelResolver wireNamesModelResolver(JsonMapper json) {
		com.fasterxml.jackson.databind.ObjectMapper introspection = Json31.mapper().copy();
		WireNames names = WireNames.of(json);
		if (names != null) {
			introspection.setPropertyNamingStrategy(names);
		}
		return new ModelResolver(introspection);
	}

	@Bean
	RecordParameters recordParameters(JsonMapper json) {
		return new RecordParameters(WireNames.of(json));
	}

	@Bean
	WireTypes wireTypes() {
		return new WireTypes();
	}

	@Bean
	ApiDocument apiDocument() {
		return new ApiDocument();
	}

	/** Title and version from the build (META-INF/build-info.properties). */
	@Bean
	OpenAPI openApi(ObjectProvider<BuildProperties> build) {
		BuildProperties properties = build.getIfAvailable();
		String version = (properties != null) ? properties.getVersion() : "unversioned";
		String title = (properties != null && properties.getName() != null) ? properties.getName()
				: "Shared Context Server";
		return new OpenAPI().info(new Info().title(title)
			.version(version)
			.description("Sessions, messages, memory, search, audit and tokens for cooperating AI agents. "
					+ "The same operations are MCP tools at /mcp (docs/mcp-clients.md). Errors are "
					+ "application/problem+json with a stable `code`."));
	}

}
