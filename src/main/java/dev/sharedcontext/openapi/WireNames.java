package dev.sharedcontext.openapi;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import tools.jackson.databind.PropertyNamingStrategy;
import tools.jackson.databind.json.JsonMapper;

/**
 * The application's property naming strategy, in the form swagger-core's model resolver
 * understands. The server reads and writes JSON with Jackson 3 ({@code JsonMapper},
 * configured by {@code spring.jackson.property-naming-strategy}); swagger-core still
 * introspects types with Jackson 2. This adapter makes the document use the names the
 * mapper really uses, instead of a second copy of the naming rule.
 */
final class WireNames extends PropertyNamingStrategies.NamingBase {

	private final tools.jackson.databind.PropertyNamingStrategies.NamingBase strategy;

	private WireNames(tools.jackson.databind.PropertyNamingStrategies.NamingBase strategy) {
		this.strategy = strategy;
	}

	/**
	 * The mapper's naming strategy, or {@code null} when it keeps Java names.
	 * @throws IllegalStateException when the mapper names properties in a way that is not
	 * a plain translation of the Java name (the document could not follow it)
	 */
	static WireNames of(JsonMapper json) {
		PropertyNamingStrategy strategy = json.serializationConfig().getPropertyNamingStrategy();
		if (strategy == null) {
			return null;
		}
		if (strategy instanceof tools.jackson.databind.PropertyNamingStrategies.NamingBase base) {
			return new WireNames(base);
		}
		throw new IllegalStateException("OpenAPI cannot follow the naming strategy " + strategy.getClass());
	}

	@Override
	public String translate(String javaName) {
		// a NamingBase ignores the config and field: it only translates the name
		return this.strategy.nameForField(null, null, javaName);
	}

}
