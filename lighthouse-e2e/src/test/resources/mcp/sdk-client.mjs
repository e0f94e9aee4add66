// Drives the bridge's /mcp with the official MCP TypeScript SDK client and prints one JSON report on stdout.
// The assertions are the Java test's (McpClientsE2eTest); this script only does and records.
// Environment: LIGHTHOUSE_URL, AGENT_TOKEN, REVIEWER_TOKEN, SECOND_TOKEN (another agent), PROJECT (an absolute
// directory).
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ResourceUpdatedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";

const base = process.env.LIGHTHOUSE_URL;
const project = process.env.PROJECT;

async function connect(token) {
  const client = new Client({ name: "lighthouse-e2e-sdk-client", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(base + "/mcp"), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  return client;
}

async function attempt(action) {
  try {
    return { ok: await action() };
  } catch (e) {
    return { error: { code: e.code ?? null, message: String(e.message ?? e) } };
  }
}

async function hookAnswer(token, command) {
  const res = await fetch(base + "/v1/hooks/claude-code", {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: JSON.stringify({
      session_id: "e2e-session",
      transcript_path: "/tmp/t.jsonl",
      cwd: project,
      permission_mode: "default",
      hook_event_name: "PreToolUse",
      tool_name: "Bash",
      tool_use_id: "toolu_e2e",
      tool_input: { command },
    }),
  });
  const out = (await res.json()).hookSpecificOutput ?? {};
  return { decision: out.permissionDecision ?? "none", reason: out.permissionDecisionReason ?? "" };
}

async function hook(token, command) {
  return (await hookAnswer(token, command)).decision;
}

const tool = (client, name, args) => client.callTool({ name, arguments: args });
const report = {};

const agent = await connect(process.env.AGENT_TOKEN);
const reviewer = await connect(process.env.REVIEWER_TOKEN);

const tools = (await agent.listTools()).tools;
report.tools = tools.map((t) => ({ name: t.name, description: t.description, schemaType: t.inputSchema.type }));
report.resources = (await agent.listResources()).resources.map((r) => r.uri);
report.status = (await tool(agent, "lighthouse_status", {})).structuredContent;
report.checkDeny = (await tool(agent, "check_call", { tool: "Bash", input: { command: "rm -rf ~" }, cwd: project }))
  .structuredContent;
report.checkBadArgument = await attempt(() =>
  tool(agent, "check_call", { tool: "Bash", input: { command: "ls" }, cwd: "relative/dir" }));
report.unknownTool = await attempt(() => tool(agent, "drop_all_tables", {}));

report.reviewHook = await hook(process.env.AGENT_TOKEN, "sudo apt install x");
const pending = (await tool(reviewer, "review_list", {})).structuredContent;
report.reviewList = pending;
const id = pending.reviews[0]?.id;
report.voteByAgent = await tool(agent, "review_vote", { review: id, verdict: "approve", reason: "mine" });
report.voteByReviewer = (await tool(reviewer, "review_vote", { review: id, verdict: "deny", reason: "not on this host" }))
  .structuredContent;
report.voteBadVerdict = await attempt(() => tool(reviewer, "review_vote", { review: id, verdict: "maybe", reason: "x" }));

report.eventsOwn = (await tool(agent, "events_query", { type: "decision.made" })).structuredContent;
report.eventsOther = await tool(agent, "events_query", { agent: "someone-else" });

// A subscription: the decision of a hook call lands, and the bridge pushes notifications/resources/updated.
const pushed = new Promise((resolve) => {
  agent.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => resolve(n.params.uri));
  setTimeout(() => resolve("no push within 30 s"), 30_000).unref();
});
await agent.subscribeResource({ uri: "lighthouse://decisions/recent" });
report.pushHook = await hook(process.env.AGENT_TOKEN, "ls -la");
report.pushedUri = await pushed;
const recent = await agent.readResource({ uri: "lighthouse://decisions/recent" });
report.recentDecisions = JSON.parse(recent.contents[0].text);

// A lease round trip: the agent claims a file over MCP, the second agent's sed -i on it is denied naming the
// holder, and allowed once the lease is released.
const second = await connect(process.env.SECOND_TOKEN);
const leased = await tool(agent, "lease_acquire", {
  paths: ["src/x.txt"], mode: "exclusive", ttl_seconds: 600, reason: "rewriting the tokenizer", project,
});
report.leaseAcquire = leased.structuredContent;
report.leaseConflict = await tool(second, "lease_acquire", { paths: ["src/x.txt"], project });
report.leaseBadArgument = await attempt(() => tool(second, "lease_acquire", { paths: "src/x.txt", project }));
report.leaseList = (await tool(second, "lease_list", {})).structuredContent;
report.sedWhileLeased = await hookAnswer(process.env.SECOND_TOKEN, "sed -i s/a/b/ src/x.txt");
report.leaseRelease = (await tool(agent, "lease_release", { lease: leased.structuredContent.lease.id }))
  .structuredContent;
report.sedAfterRelease = await hookAnswer(process.env.SECOND_TOKEN, "sed -i s/a/b/ src/x.txt");
await second.close();

report.unauthenticated = await attempt(() => connect("lh_not-a-real-token"));

await agent.close();
await reviewer.close();
process.stdout.write(JSON.stringify(report) + "\n");
