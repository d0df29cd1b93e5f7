package dev.sharedcontext.mcp.protocol;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Marks a protocol record as MCP wire format. The application's mapper names properties
 * in snake_case (the REST API's convention) and rejects unknown ones; MCP names them in
 * camelCase ({@code protocolVersion}, {@code inputSchema}, {@code isError}), leaves out
 * absent optional fields rather than sending {@code null}, and lets a peer add fields of
 * a later revision. One annotation says all three, so every protocol record is written by
 * the same mapper as the rest of the server and still looks like MCP.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@JacksonAnnotationsInside
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public @interface McpJson {

}
