package dev.sharedcontext.mcp.protocol;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;

import tools.jackson.databind.node.ObjectNode;

/**
 * Handles one JSON-RPC method of the MCP endpoint. Most methods answer at once; one that
 * waits ({@code wait_for_messages}) answers with a future that completes later, and no
 * thread is held meanwhile.
 */
@FunctionalInterface
public interface McpMethod {

	/**
	 * @param params the request's params (an empty object when absent)
	 * @param context the request's session and caller
	 * @return the result record (one of this package's), possibly not complete yet
	 * @throws JsonRpc.Fault for a protocol fault (thrown, or the future's failure)
	 */
	CompletableFuture<?> handle(ObjectNode params, McpContext context);

	/**
	 * A method that answers at once, with its params read into a typed record first.
	 * @param reader reads the params, throwing {@link JsonRpc.Fault} for bad ones
	 */
	static <P> McpMethod immediate(Function<ObjectNode, P> reader, BiFunction<P, McpContext, ?> method) {
		return (params, context) -> CompletableFuture.completedFuture(method.apply(reader.apply(params), context));
	}

	/**
	 * A method that answers at once and whose params, if any, are not read (list methods
	 * and {@code ping}; a {@code cursor} is not used since every list fits one page).
	 */
	static McpMethod immediate(Function<McpContext, ?> method) {
		return (params, context) -> CompletableFuture.completedFuture(method.apply(context));
	}

}
