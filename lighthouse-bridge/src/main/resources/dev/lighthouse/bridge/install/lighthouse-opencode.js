// Lighthouse plugin for OpenCode, installed by `lighthouse hook install --agent opencode`. Before every tool call it
// asks the Lighthouse bridge, and throws (OpenCode then does not run the tool and hands the message to the model)
// unless the bridge lets the call through. OpenCode's own permission rules still apply to calls it lets through.
//
// When the bridge cannot be reached, answers with an error, or does not answer within the timeout, the call is
// blocked: OpenCode itself sets no limit on a plugin, so this plugin keeps its own.
//
// Environment: LIGHTHOUSE_URL (default @URL@), LIGHTHOUSE_TOKEN or the file LIGHTHOUSE_TOKEN_FILE
// (default @TOKEN_FILE@), LIGHTHOUSE_HOOK_TIMEOUT in seconds (default 30, at most 600).
import { readFileSync } from "node:fs"

const DEFAULT_URL = "@URL@"
const DEFAULT_TOKEN_FILE = "@TOKEN_FILE@"

function bridgeUrl() {
  return (process.env.LIGHTHOUSE_URL || DEFAULT_URL).replace(/\/+$/, "")
}

function token() {
  if (process.env.LIGHTHOUSE_TOKEN) return process.env.LIGHTHOUSE_TOKEN
  try {
    return readFileSync(process.env.LIGHTHOUSE_TOKEN_FILE || DEFAULT_TOKEN_FILE, "utf8").trim()
  } catch {
    return ""
  }
}

function timeoutSeconds() {
  const seconds = Number.parseInt(process.env.LIGHTHOUSE_HOOK_TIMEOUT ?? "", 10)
  return Number.isInteger(seconds) && seconds >= 1 && seconds <= 600 ? seconds : 30
}

/** The bridge's answer, or an Error saying why there is none. */
async function ask(url, call) {
  const seconds = timeoutSeconds()
  // The bridge holds a call under review at most this long, so an answer arrives before the plugin gives up.
  // The agent's home goes along, so the bridge resolves ~ as the agent does.
  const headers = {
    "Content-Type": "application/json",
    "Lighthouse-Max-Wait": String(Math.max(0, seconds - 5)),
    "Lighthouse-Home": process.env.HOME ?? "",
  }
  const bearer = token()
  if (bearer) headers.Authorization = `Bearer ${bearer}`
  try {
    const response = await fetch(`${url}/v1/hooks/opencode`, {
      method: "POST",
      headers,
      body: JSON.stringify(call),
      signal: AbortSignal.timeout(seconds * 1000),
    })
    if (!response.ok) return new Error(`HTTP ${response.status}`)
    const answer = await response.json()
    return answer !== null && typeof answer === "object" && !Array.isArray(answer)
      ? answer
      : new Error("an answer that is not a JSON object")
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e))
  }
}

export const LighthousePlugin = async ({ directory }) => ({
  "tool.execute.before": async (input, output) => {
    const url = bridgeUrl()
    const answer = await ask(url, {
      hook_event_name: "tool.execute.before",
      session_id: input.sessionID ?? "",
      call_id: input.callID ?? "",
      cwd: directory,
      tool_name: input.tool,
      tool_input: output.args ?? {},
    })
    if (answer instanceof Error) {
      throw new Error(
        `Lighthouse bridge unreachable at ${url} (${answer.message}): the call is blocked until it is back` +
          " (start it with `lighthouse serve`).",
      )
    }
    if (answer.decision === undefined || answer.decision === "allow") return
    if (answer.decision === "deny") throw new Error(String(answer.reason ?? "Lighthouse denied this call."))
    throw new Error(`Lighthouse answered an unknown decision ${JSON.stringify(answer.decision)}: the call is blocked.`)
  },
})
