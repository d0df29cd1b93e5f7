// The reference peer of bench/ (issue 14): the smallest MCP server the official TypeScript SDK v1 makes, written
// the way the SDK's own stateless example (src/examples/server/simpleStatelessStreamableHttp.ts) is: Streamable
// HTTP, no session id generator, a new McpServer + transport per POST, SDK defaults otherwise (so tool results come
// back as a one-event text/event-stream). One tool, `noop`, returns a fixed text. It does nothing, so whatever
// it costs per call is the SDK's and Node's own floor.
//
//   node server.mjs [port]        (or PORT=...; 127.0.0.1 only)
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';

const port = Number(process.argv[2] ?? process.env.PORT ?? 3000);

function newServer() {
  const server = new McpServer({ name: 'scs-bench-reference-peer', version: '1.0.0' });
  server.registerTool('noop', { description: 'Does nothing; returns a fixed text' }, async () => ({
    content: [{ type: 'text', text: 'ok' }],
  }));
  return server;
}

const app = createMcpExpressApp();
app.post('/mcp', async (req, res) => {
  const server = newServer();
  try {
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
    res.on('close', () => {
      transport.close();
      server.close();
    });
  } catch (error) {
    if (!res.headersSent) {
      res.status(500).json({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal server error' }, id: null });
    }
  }
});
app.get('/health', (req, res) => res.json({ status: 'UP' }));

app.listen(port, '127.0.0.1', (error) => {
  if (error) {
    console.error(error);
    process.exit(1);
  }
  console.log(`reference peer listening on 127.0.0.1:${port}`);
});
