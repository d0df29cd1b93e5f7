#!/usr/bin/env node
// The issue-9 client scenario, driven by the TypeScript MCP SDK v2 client (@modelcontextprotocol/client, pinned
// in package.json) against a live server. Same steps and expectations as ../python/scenario.py:
//   node scenario.mjs [--mode 2026-07-28|legacy] [--url URL] [--api-key KEY] [--admin-token TOKEN]
// (or SC_URL, SC_API_KEY, SC_ADMIN_TOKEN). The admin token carries read, write and admin and belongs to an agent
// type other than "claude". In 2026-07-28 mode the client is built with versionNegotiation {mode: {pin: ...}}
// and every agent listens with subscriptions/listen; in legacy mode (the SDK's default) it uses the initialize
// handshake, resources/subscribe and the GET stream. Each post's notification must reach exactly the agents
// that may see it (the invisible tiers are posted first, each followed by a bounded quiet window), and
// get_messages must return exactly the visible ids. The last line printed is `SUMMARY {json}`; the exit code is
// 0 only when every expectation held.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

const MODERN = '2026-07-28';
const { values: options } = parseArgs({
  options: {
    mode: { type: 'string', default: MODERN },
    url: { type: 'string', default: process.env.SC_URL },
    'api-key': { type: 'string', default: process.env.SC_API_KEY },
    'admin-token': { type: 'string', default: process.env.SC_ADMIN_TOKEN },
    timeout: { type: 'string', default: '15' },
    quiet: { type: 'string', default: '1.5' },
  },
});
if (!options.url || !options['api-key'] || !options['admin-token'] || ![MODERN, 'legacy'].includes(options.mode)) {
  console.error('usage: scenario.mjs [--mode 2026-07-28|legacy] --url URL --api-key KEY --admin-token TOKEN');
  process.exit(2);
}
const legacy = options.mode === 'legacy';
const timeoutMs = Number(options.timeout) * 1000;
const quietMs = Number(options.quiet) * 1000;

const passed = [];
const failed = [];
function expect(name, ok, detail) {
  if (ok) {
    passed.push(name);
  } else {
    failed.push({ check: name, detail: detail ?? null });
    console.error(`FAILED ${name}: ${JSON.stringify(detail)}`);
  }
  return ok;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One connected SDK client acting as one agent, with the resource updates it has received. */
class Agent {
  constructor(name, token) {
    this.name = name;
    this.token = token;
    this.updates = [];
    this.waiter = null;
  }

  async connect() {
    const headers = { 'X-API-Key': options['api-key'] };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    const transport = new StreamableHTTPClientTransport(new URL(options.url), { requestInit: { headers } });
    this.client = new Client({ name: 'shared-context-client-scenario', version: '1.0' },
      legacy ? {} : { versionNegotiation: { mode: { pin: MODERN } } });
    this.client.setNotificationHandler('notifications/resources/updated', (notification) => {
      this.updates.push(notification.params.uri);
      if (this.waiter) this.waiter();
    });
    await this.client.connect(transport);
    return this;
  }

  /** The next update within ms, or null. */
  async next(ms) {
    const deadline = Date.now() + ms;
    while (this.updates.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) return null;
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => { clearTimeout(timer); resolve(); };
      });
      this.waiter = null;
    }
    return this.updates.shift();
  }

  drain() {
    return this.updates.splice(0);
  }

  async call(tool, args) {
    const result = await this.client.callTool({ name: tool, arguments: args });
    return { isError: Boolean(result.isError), content: result.structuredContent };
  }

  async ok(tool, args) {
    const { isError, content } = await this.call(tool, args);
    if (isError) throw new Error(`${tool} failed: ${JSON.stringify(content)}`);
    return content;
  }

  async toolNames() {
    return (await this.client.listTools()).tools.map((t) => t.name);
  }
}

let protocolVersion = null;
const agents = [];
const subscriptions = [];

async function scenario() {
  const run = randomUUID().slice(0, 8);
  const anonymous = await new Agent('anonymous', null).connect();
  agents.push(anonymous);
  protocolVersion = anonymous.client.getNegotiatedProtocolVersion() ?? null;
  if (legacy) {
    expect('negotiated a 2025 revision', String(protocolVersion).startsWith('2025-'), protocolVersion);
  } else {
    expect('negotiated 2026-07-28', protocolVersion === MODERN, protocolVersion);
  }
  const anonymousTools = await anonymous.toolNames();
  expect('tools/list without a token offers authenticate_agent', anonymousTools.includes('authenticate_agent'),
    anonymousTools);

  const byName = {};
  for (const [name, type] of [['poster', 'claude'], ['peer', 'claude'], ['outsider', 'gemini']]) {
    const issued = await anonymous.ok('authenticate_agent', { agent_id: `ts-${name}-${run}`, agent_type: type });
    expect(`${name} token granted read,write`, JSON.stringify(issued.permissions) === '["read","write"]', issued);
    byName[name] = new Agent(name, issued.token);
  }
  byName.admin = new Agent('admin', options['admin-token']);
  const team = Object.values(byName);
  for (const agent of team) {
    await agent.connect();
    agents.push(agent);
    expect(`${agent.name} negotiated the same version`,
      agent.client.getNegotiatedProtocolVersion() === protocolVersion, agent.client.getNegotiatedProtocolVersion());
  }
  const { poster, peer, outsider, admin } = byName;

  const tools = await poster.toolNames();
  expect('tools/list with a bearer token offers add_message and get_messages',
    ['create_session', 'add_message', 'get_messages'].every((t) => tools.includes(t)), tools);
  const adminTools = await admin.toolNames();
  expect('tools/list for the admin offers set_message_visibility', adminTools.includes('set_message_visibility'),
    adminTools);

  const sessionId = (await poster.ok('create_session', { purpose: `client scenario ts ${options.mode} ${run}` }))
    .session_id;
  const uri = `session://${sessionId}`;
  for (const agent of team) {
    if (legacy) {
      await agent.client.subscribeResource({ uri });
    } else {
      const subscription = await agent.client.listen({ resourceSubscriptions: [uri] });
      subscriptions.push(subscription);
      expect(`${agent.name} listen acknowledged with the session URI`,
        JSON.stringify(subscription.honoredFilter.resourceSubscriptions ?? []) === JSON.stringify([uri]),
        subscription.honoredFilter);
    }
  }

  const posted = {};
  const post = async (author, visibility, content) => {
    const result = await author.ok('add_message', { session_id: sessionId, content, visibility });
    return Number(result.message_id);
  };

  if (legacy) {
    // the GET stream opens in the background after initialize: post until every agent has heard one
    const heard = new Set();
    for (let attempt = 0; attempt < 10 && heard.size < team.length; attempt++) {
      posted[`warm-up-${attempt}`] = await post(poster, 'public', `warm-up ${attempt}`);
      for (const agent of team) {
        if (!heard.has(agent.name) && (await agent.next(attempt < 9 ? 1500 : 5000)) !== null) heard.add(agent.name);
      }
    }
    expect('every GET stream delivers (warm-up)', heard.size === team.length, [...heard]);
    await sleep(quietMs);
    team.forEach((agent) => agent.drain());
  }

  // the invisible tiers first: a listener that may not see a post must hear nothing about it
  const steps = [
    ['private', poster, ['poster']],
    ['agent_only', poster, ['poster', 'peer']],
    ['admin_only', admin, ['admin']],
    ['public', poster, ['poster', 'peer', 'outsider', 'admin']],
  ];
  for (const [visibility, author, receivers] of steps) {
    posted[visibility] = await post(author, visibility, `${visibility} from ${author.name} (${run})`);
    for (const agent of team) {
      if (receivers.includes(agent.name)) {
        const got = await agent.next(timeoutMs);
        expect(`${agent.name} notified of the ${visibility} post`, got === uri, got);
      }
    }
    await sleep(quietMs);
    for (const agent of team) {
      const extra = agent.drain();
      expect(`${agent.name} got no other notification after the ${visibility} post`, extra.length === 0, extra);
    }
  }

  const denied = await poster.call('add_message', { session_id: sessionId, content: 'x', visibility: 'admin_only' });
  expect('admin_only by a non-admin is refused', denied.isError && denied.content?.code === 'PERMISSION_DENIED',
    denied);

  const warm = Object.keys(posted).filter((k) => k.startsWith('warm-up'));
  const visible = {
    poster: ['private', 'agent_only', 'public', ...warm],
    peer: ['agent_only', 'public', ...warm],
    outsider: ['public', ...warm],
    admin: ['admin_only', 'public', ...warm],
  };
  const sorted = (ids) => [...ids].sort((a, b) => a - b);
  for (const agent of team) {
    const result = await agent.ok('get_messages', { session_id: sessionId });
    const ids = sorted(result.messages.map((m) => Number(m.id)));
    const want = sorted(visible[agent.name].map((k) => posted[k]));
    expect(`get_messages as ${agent.name} returns exactly its tiers`, JSON.stringify(ids) === JSON.stringify(want),
      { got: ids, want });
    expect(`get_messages as ${agent.name} counts only what it sees`, Number(result.total_count) === want.length,
      result.total_count);
  }
  const byArgument = await anonymous.ok('get_messages', { session_id: sessionId, auth_token: outsider.token });
  expect('get_messages with the auth_token argument sees what the bearer sees',
    JSON.stringify(sorted(byArgument.messages.map((m) => Number(m.id))))
      === JSON.stringify(sorted(visible.outsider.map((k) => posted[k]))), byArgument);
}

let exitCode = 1;
try {
  await scenario();
} catch (error) {
  console.error(error);
  expect('scenario ran to the end', false, `${error?.name}: ${error?.message}`);
} finally {
  for (const subscription of subscriptions) {
    await subscription.close().catch((error) => console.error('closing a subscription:', error?.message));
  }
  for (const agent of agents) {
    await agent.client?.close().catch(() => {});
  }
  const summary = {
    client: 'typescript-@modelcontextprotocol/client-2.4.0',
    mode: options.mode,
    protocol_version: protocolVersion,
    ok: failed.length === 0,
    passed: passed.length,
    failed,
    checks: passed,
  };
  console.log(`SUMMARY ${JSON.stringify(summary)}`);
  exitCode = summary.ok ? 0 : 1;
}
process.exit(exitCode);
