// Lighthouse plugin for Cline, installed by `lighthouse hook install --agent cline`. Before every tool call it asks
// the Lighthouse bridge and skips the tool, with the bridge's reason as the tool's error for the model, unless the
// bridge lets the call through.
//
// Cline's tools take arrays (run_commands runs each of its commands, read_files reads each of its files): each element
// is asked about on its own, and the call runs only if every one is let through.
//
// When the bridge cannot be reached, answers with an error, or does not answer in time, the call is skipped. Cline
// gives a plugin's hook 3 seconds and ends the whole run when it takes longer, so this plugin stops waiting first.
//
// Environment: LIGHTHOUSE_URL (default @URL@), LIGHTHOUSE_TOKEN or the file LIGHTHOUSE_TOKEN_FILE
// (default @TOKEN_FILE@), LIGHTHOUSE_HOOK_TIMEOUT in seconds (1 or 2; default 2.5, below Cline's 3).
import { readFileSync } from "node:fs"

const DEFAULT_URL = "@URL@"
const DEFAULT_TOKEN_FILE = "@TOKEN_FILE@"

/** Cline's tools whose one argument is an array of independent items, and that argument. */
const ARRAYS = { run_commands: "commands", read_files: "files", fetch_web_content: "requests" }

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

function timeoutMillis() {
  const seconds = Number.parseInt(process.env.LIGHTHOUSE_HOOK_TIMEOUT ?? "", 10)
  return seconds === 1 || seconds === 2 ? seconds * 1000 : 2500
}

/** One call per element of an array tool's argument; the call itself for other tools. */
function calls(tool, args) {
  const field = ARRAYS[tool]
  if (field === undefined || !Array.isArray(args[field]) || args[field].length <= 1) return [args]
  return args[field].map((item) => ({ ...args, [field]: [item] }))
}

/** The bridge's answer, or an Error saying why there is none. */
async function ask(url, call, signal) {
  // The bridge answers at once (it may not hold the call for its reviewers), and gets the agent's home, so that it
  // resolves ~ as the agent does.
  const headers = {
    "Content-Type": "application/json",
    "Lighthouse-Max-Wait": "0",
    "Lighthouse-Home": process.env.HOME ?? "",
  }
  const bearer = token()
  if (bearer) headers.Authorization = `Bearer ${bearer}`
  try {
    const response = await fetch(`${url}/v1/hooks/cline`, {
      method: "POST",
      headers,
      body: JSON.stringify(call),
      signal,
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

/** Why the call must not run, or undefined when the bridge let it through. */
function refusal(url, answer) {
  if (answer instanceof Error) {
    return (
      `Lighthouse bridge unreachable at ${url} (${answer.message}): the call is blocked until it is back` +
      " (start it with `lighthouse serve`)."
    )
  }
  if (answer.decision === undefined || answer.decision === "allow") return undefined
  if (answer.decision === "deny") return String(answer.reason ?? "Lighthouse denied this call.")
  return `Lighthouse answered an unknown decision ${JSON.stringify(answer.decision)}: the call is blocked.`
}

export default {
  name: "lighthouse",
  manifest: { capabilities: ["hooks"] },
  hooks: {
    beforeTool: async (context) => {
      const url = bridgeUrl()
      const tool = context.toolCall?.toolName ?? context.tool?.name ?? ""
      const args = context.input ?? context.toolCall?.input ?? {}
      const signal = AbortSignal.timeout(timeoutMillis())
      const answers = await Promise.all(
        calls(tool, args).map((input) =>
          ask(
            url,
            {
              hook_event_name: "beforeTool",
              session_id: context.snapshot?.conversationId ?? context.snapshot?.agentId ?? "",
              call_id: context.toolCall?.toolCallId ?? "",
              cwd: process.cwd(),
              tool_name: tool,
              tool_input: input,
            },
            signal,
          ),
        ),
      )
      const reason = answers.map((answer) => refusal(url, answer)).find((r) => r !== undefined)
      return reason === undefined ? undefined : { skip: true, reason }
    },
  },
}
