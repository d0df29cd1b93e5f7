#!/usr/bin/env python3
"""The issue-9 client scenario, driven by the official Python MCP SDK (mcp 2.3.0) against a live server.

Usage: scenario.py --mode {2026-07-28,auto,legacy} [--url URL] [--api-key KEY] [--admin-token TOKEN]
(or the environment variables SC_URL, SC_API_KEY, SC_ADMIN_TOKEN). The admin token must carry read, write and
admin and belong to an agent type other than "claude" (e.g. `java -jar server.jar token create --agent-id ops
--agent-type ops --permissions read,write,admin`).

What it does, with the SDK's own Client in the chosen mode:
  1. lists tools without a token, authenticates three agents with authenticate_agent (poster and peer of type
     claude, outsider of type gemini) and connects one client per agent (plus the admin) carrying
     Authorization: Bearer; asserts the negotiated protocol version (auto must end in 2026-07-28);
  2. the poster creates a session; every agent subscribes to session://<id>: 2026 through
     subscriptions/listen (the acknowledgment must honour the URI), 2025 through resources/subscribe plus the
     GET stream (a warm-up public post proves every stream is open);
  3. posts one message per tier, the invisible ones first: private, agent_only, admin_only (by the admin),
     then public. After each post every agent that may see it must get notifications/resources/updated for
     the session, and every agent that may not must get nothing within a bounded quiet window;
  4. reads back with get_messages as every agent (and as the outsider once more through the auth_token
     argument on a client without a bearer) and asserts exactly the ids and counts SPEC §5 allows.
The last line printed is `SUMMARY {json}`; the exit code is 0 only when every expectation held.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import traceback
import uuid
from contextlib import AsyncExitStack
from typing import Any

import httpx2
import mcp_types as types
from mcp.client.client import Client
from mcp.client.streamable_http import streamable_http_client

MODERN = "2026-07-28"


class Checks:
    """Every expectation, recorded rather than raised, so that one run reports all that failed."""

    def __init__(self) -> None:
        self.passed: list[str] = []
        self.failed: list[dict[str, Any]] = []

    def expect(self, name: str, ok: bool, detail: Any = None) -> bool:
        if ok:
            self.passed.append(name)
        else:
            self.failed.append({"check": name, "detail": detail})
            print(f"FAILED {name}: {detail}", file=sys.stderr, flush=True)
        return ok


class Agent:
    """One connected SDK client acting as one agent, with the resource updates it has received."""

    def __init__(self, name: str, agent_id: str, agent_type: str, token: str | None) -> None:
        self.name = name
        self.agent_id = agent_id
        self.agent_type = agent_type
        self.token = token
        self.updates: asyncio.Queue[str] = asyncio.Queue()
        self.client: Client | None = None

    async def on_message(self, message: Any) -> None:
        # legacy era: notifications arrive on the GET stream through the session's message handler
        if isinstance(message, types.ResourceUpdatedNotification):
            self.updates.put_nowait(message.params.uri)


async def call(client: Client, tool: str, arguments: dict[str, Any]) -> tuple[bool, Any]:
    """Calls a tool; returns (is_error, structured content)."""
    result = await client.call_tool(tool, arguments)
    return bool(result.is_error), result.structured_content


async def ok(client: Client, tool: str, arguments: dict[str, Any]) -> dict[str, Any]:
    is_error, content = await call(client, tool, arguments)
    if is_error:
        raise RuntimeError(f"{tool} failed: {content}")
    return content


async def connect(stack: AsyncExitStack, args: argparse.Namespace, token: str | None,
                  handler: Any = None) -> Client:
    headers = {"X-API-Key": args.api_key}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    http = await stack.enter_async_context(httpx2.AsyncClient(headers=headers, timeout=httpx2.Timeout(30, read=300)))
    client = Client(streamable_http_client(args.url, http_client=http), mode=args.mode, message_handler=handler,
                    client_info=types.Implementation(name="shared-context-client-scenario", version="1.0"))
    return await stack.enter_async_context(client)


async def next_update(agent: Agent, timeout: float) -> str | None:
    try:
        return await asyncio.wait_for(agent.updates.get(), timeout)
    except asyncio.TimeoutError:
        return None


async def scenario(args: argparse.Namespace, checks: Checks, facts: dict[str, Any]) -> None:
    run = uuid.uuid4().hex[:8]
    legacy = args.mode == "legacy"
    async with AsyncExitStack() as stack:
        anonymous = await connect(stack, args, None)
        facts["protocol_version"] = anonymous.protocol_version
        expected_version = MODERN if not legacy else None
        if expected_version:
            checks.expect("negotiated 2026-07-28", anonymous.protocol_version == MODERN, anonymous.protocol_version)
            discovered = await anonymous.session.send_discover(MODERN)
            checks.expect("server/discover lists 2026-07-28", MODERN in discovered.get("supportedVersions", []),
                          discovered)
            checks.expect("server/discover names the server",
                          discovered.get("_meta", {}).get("io.modelcontextprotocol/serverInfo", {}).get("name")
                          == "shared-context-server", discovered.get("_meta"))
        else:
            checks.expect("negotiated a 2025 revision", anonymous.protocol_version.startswith("2025-"),
                          anonymous.protocol_version)
        names = [t.name for t in (await anonymous.list_tools()).tools]
        checks.expect("tools/list without a token offers authenticate_agent", "authenticate_agent" in names, names)

        agents: dict[str, Agent] = {}
        for name, agent_type in (("poster", "claude"), ("peer", "claude"), ("outsider", "gemini")):
            agent_id = f"py-{name}-{run}"
            issued = await ok(anonymous, "authenticate_agent", {"agent_id": agent_id, "agent_type": agent_type})
            checks.expect(f"{name} token granted read,write", issued.get("permissions") == ["read", "write"], issued)
            agents[name] = Agent(name, agent_id, agent_type, issued["token"])
        agents["admin"] = Agent("admin", "admin", "admin", args.admin_token)
        for agent in agents.values():
            agent.client = await connect(stack, args, agent.token, agent.on_message if legacy else None)
            checks.expect(f"{agent.name} negotiated the same version",
                          agent.client.protocol_version == anonymous.protocol_version, agent.client.protocol_version)
        poster, peer, outsider, admin = (agents[n] for n in ("poster", "peer", "outsider", "admin"))

        tools = [t.name for t in (await poster.client.list_tools()).tools]
        checks.expect("tools/list with a bearer token offers add_message and get_messages",
                      {"create_session", "add_message", "get_messages"} <= set(tools), tools)
        admin_tools = [t.name for t in (await admin.client.list_tools()).tools]
        checks.expect("tools/list for the admin offers set_message_visibility",
                      "set_message_visibility" in admin_tools, admin_tools)

        session_id = (await ok(poster.client, "create_session", {"purpose": f"client scenario {args.mode} {run}"}))[
            "session_id"]
        facts["session_id"] = session_id
        uri = f"session://{session_id}"

        if legacy:
            for agent in agents.values():
                await agent.client.subscribe_resource(uri)
        else:
            for agent in agents.values():
                subscription = await stack.enter_async_context(agent.client.listen(resource_subscriptions=[uri]))
                checks.expect(f"{agent.name} listen acknowledged with the session URI",
                              list(subscription.honored.resource_subscriptions or []) == [uri],
                              subscription.honored)

                async def pump(sub: Any = subscription, target: Agent = agent) -> None:
                    async for event in sub:
                        target.updates.put_nowait(getattr(event, "uri", repr(event)))

                task = asyncio.create_task(pump())
                stack.callback(task.cancel)

        posted: dict[str, int] = {}

        async def post(author: Agent, visibility: str, content: str) -> int:
            result = await ok(author.client, "add_message",
                              {"session_id": session_id, "content": content, "visibility": visibility})
            return int(result["message_id"])

        if legacy:
            # The SDK opens the GET stream in the background after initialize; a notification sent before it
            # is open is not delivered. Post public messages until every agent has heard one, then start clean.
            heard: set[str] = set()
            for attempt in range(10):
                posted[f"warm-up-{attempt}"] = await post(poster, "public", f"warm-up {attempt}")
                for agent in agents.values():
                    if agent.name not in heard and await next_update(agent, 1.5 if attempt < 9 else 5) is not None:
                        heard.add(agent.name)
                if len(heard) == len(agents):
                    break
            checks.expect("every GET stream delivers (warm-up)", len(heard) == len(agents), sorted(heard))
            await asyncio.sleep(args.quiet)
            for agent in agents.values():
                while not agent.updates.empty():
                    agent.updates.get_nowait()

        # the invisible tiers first: a listener that may not see a post must hear nothing about it
        steps = [
            ("private", poster, {"poster"}),
            ("agent_only", poster, {"poster", "peer"}),
            ("admin_only", admin, {"admin"}),
            ("public", poster, {"poster", "peer", "outsider", "admin"}),
        ]
        for visibility, author, receivers in steps:
            posted[visibility] = await post(author, visibility, f"{visibility} from {author.name} ({run})")
            for agent in agents.values():
                if agent.name in receivers:
                    got = await next_update(agent, args.timeout)
                    checks.expect(f"{agent.name} notified of the {visibility} post", got == uri, got)
            # everyone who may see it has heard; a notification for anyone else would have been sent with them
            await asyncio.sleep(args.quiet)
            for agent in agents.values():
                extra = []
                while not agent.updates.empty():
                    extra.append(agent.updates.get_nowait())
                checks.expect(f"{agent.name} got no other notification after the {visibility} post", not extra,
                              extra)

        is_error, denied = await call(poster.client, "add_message",
                                      {"session_id": session_id, "content": "x", "visibility": "admin_only"})
        checks.expect("admin_only by a non-admin is refused",
                      is_error and isinstance(denied, dict) and denied.get("code") == "PERMISSION_DENIED", denied)

        warm = {k for k in posted if k.startswith("warm-up")}
        visible = {
            "poster": {"private", "agent_only", "public"} | warm,
            "peer": {"agent_only", "public"} | warm,
            "outsider": {"public"} | warm,
            "admin": {"admin_only", "public"} | warm,
        }
        for agent in agents.values():
            result = await ok(agent.client, "get_messages", {"session_id": session_id})
            ids = sorted(int(m["id"]) for m in result["messages"])
            want = sorted(posted[k] for k in visible[agent.name])
            checks.expect(f"get_messages as {agent.name} returns exactly its tiers", ids == want,
                          {"got": ids, "want": want})
            checks.expect(f"get_messages as {agent.name} counts only what it sees",
                          int(result["total_count"]) == len(want), result["total_count"])
        by_argument = await ok(anonymous, "get_messages", {"session_id": session_id, "auth_token": outsider.token})
        checks.expect("get_messages with the auth_token argument sees what the bearer sees",
                      sorted(int(m["id"]) for m in by_argument["messages"]) == sorted(
                          posted[k] for k in visible["outsider"]), by_argument)
        facts["posted"] = posted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", required=True, choices=[MODERN, "auto", "legacy"])
    parser.add_argument("--url", default=os.environ.get("SC_URL"))
    parser.add_argument("--api-key", default=os.environ.get("SC_API_KEY"))
    parser.add_argument("--admin-token", default=os.environ.get("SC_ADMIN_TOKEN"))
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds to wait for an expected notification")
    parser.add_argument("--quiet", type=float, default=1.5,
                        help="seconds in which no unexpected notification may arrive")
    args = parser.parse_args()
    if not (args.url and args.api_key and args.admin_token):
        parser.error("--url, --api-key and --admin-token (or SC_URL, SC_API_KEY, SC_ADMIN_TOKEN) are required")
    checks = Checks()
    facts: dict[str, Any] = {}
    try:
        asyncio.run(scenario(args, checks, facts))
    except BaseException as error:  # noqa: BLE001 - every failure ends in the summary
        traceback.print_exc()
        checks.expect("scenario ran to the end", False, f"{type(error).__name__}: {error}")
    summary = {
        "client": "python-mcp-2.3.0",
        "mode": args.mode,
        "protocol_version": facts.get("protocol_version"),
        "ok": not checks.failed,
        "passed": len(checks.passed),
        "failed": checks.failed,
        "checks": checks.passed,
    }
    print("SUMMARY " + json.dumps(summary), flush=True)
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
