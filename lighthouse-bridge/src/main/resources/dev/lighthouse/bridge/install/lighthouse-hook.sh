#!/bin/sh
# Lighthouse hook client, installed by `lighthouse hook install`. It forwards one tool call (the agent's
# hook JSON on standard input) to the Lighthouse bridge and prints the bridge's answer, so no JVM starts
# per tool call. Usage: sh lighthouse-hook.sh claude-code|codex|gemini|copilot
#
# When the bridge cannot be reached (not running, timeout, an answer that is not JSON) it fails closed:
# exit 2, which every supported agent treats as "block", with the reason on standard error (Copilot CLI
# shows the model only its hook's JSON, so it also gets a deny with the reason on standard output). Calls that
# match a small local set of clearly destructive patterns are always blocked; with
# LIGHTHOUSE_ON_UNREACHABLE=pass every other call is left to the agent's own permission flow instead.
#
# The agent's $HOME goes along, so the bridge resolves ~ as the agent does, and so does its project root
# (Claude Code's $CLAUDE_PROJECT_DIR, else the git work tree the hook runs in), which only this side can see.
#
# Environment: LIGHTHOUSE_URL (default @URL@), LIGHTHOUSE_TOKEN or the file LIGHTHOUSE_TOKEN_FILE
# (default @TOKEN_FILE@), LIGHTHOUSE_HOOK_TIMEOUT in seconds (default and at most 8: Codex, Gemini CLI and
# Copilot CLI run the call when a hook outlives their own timeout, 10 s as installed), LIGHTHOUSE_ON_UNREACHABLE: block
# (default) or pass.
dialect=${1:-}
case $dialect in
  claude-code|codex|gemini|copilot) ;;
  *) echo "lighthouse hook: usage: lighthouse-hook.sh claude-code|codex|gemini|copilot" >&2; exit 2 ;;
esac
url=${LIGHTHOUSE_URL:-@URL@}
token_file=${LIGHTHOUSE_TOKEN_FILE:-@TOKEN_FILE@}
token=${LIGHTHOUSE_TOKEN:-}
if [ -z "$token" ] && [ -r "$token_file" ]; then
  token=$(cat "$token_file")
fi

input=$(cat)
project=${CLAUDE_PROJECT_DIR:-$(git rev-parse --show-toplevel 2>/dev/null || true)}

max_time=${LIGHTHOUSE_HOOK_TIMEOUT:-8}
case $max_time in
  ''|*[!0-9]*) max_time=8 ;;
esac
if [ "$max_time" -lt 1 ] || [ "$max_time" -gt 8 ]; then
  max_time=8
fi

# The bridge holds a call under review at most this long, so an answer arrives before curl gives up.
set -- -sS --fail --max-time "$max_time" -H 'Content-Type: application/json' \
  -H "Lighthouse-Max-Wait: $((max_time - 2))" -H "Lighthouse-Home: ${HOME:-}" -H "Lighthouse-Project: $project" \
  --data-binary @- "$url/v1/hooks/$dialect"
if [ -n "$token" ]; then
  set -- -H "Authorization: Bearer $token" "$@"
fi
if answer=$(printf '%s' "$input" | curl "$@" 2>/dev/null); then
  case $answer in
    '{'*) printf '%s\n' "$answer"; exit 0 ;;
  esac
fi

# Blocks the call with the reason: on standard error, and as Copilot CLI's deny on standard output.
block() {
  if [ "$dialect" = copilot ]; then
    printf '{"permissionDecision":"deny","permissionDecisionReason":"%s"}\n' \
      "$(printf '%s' "$1" | tr '\n\t\r' '   ' | sed 's/\\/\\\\/g; s/"/\\"/g')"
  fi
  echo "$1" >&2
  exit 2
}

# The bridge did not answer. Clearly destructive calls are blocked whatever the setting.
flat=$(printf '%s' "$input" | tr '\n\t' '  ')
dangerous() {
  printf '%s' "$flat" | grep -Eq "$1"
}
reason=""
if dangerous 'rm[[:space:]]+(-[[:alnum:]-]*[[:space:]]+)*-[[:alnum:]]*[rR]' &&
   dangerous 'rm[[:space:]][^"]*[[:space:]](/|/\*|~|~/|~/\*|\$HOME|\$\{HOME\}|\$HOME/\*)([[:space:]"]|$)'; then
  reason="deletes the root file system or the home directory recursively"
elif dangerous '(^|[^[:alnum:]_])mkfs(\.[[:alnum:]]+)?[[:space:]]'; then
  reason="formats a file system"
elif dangerous 'dd[[:space:]][^"]*of=/dev/'; then
  reason="writes raw data to a device"
elif dangerous '>[[:space:]]*/dev/(sd|nvme|hd|vd|xvd)'; then
  reason="overwrites a block device"
elif dangerous ':\(\)[[:space:]]*\{'; then
  reason="is a fork bomb"
elif dangerous '(curl|wget)[^"|]*\|[[:space:]]*(sudo[[:space:]]+)?(ba|z|da)?sh([[:space:]"]|$)'; then
  reason="pipes a download into a shell"
elif dangerous 'chmod[[:space:]]+(-[[:alnum:]]+[[:space:]]+)*-[[:alnum:]]*R[[:alnum:]]*[[:space:]]+[0-7]*777[[:space:]]+/([[:space:]"]|$)'; then
  reason="makes the whole file system world-writable"
fi
if [ -n "$reason" ]; then
  block "Lighthouse bridge unreachable at $url, and this call $reason: blocked by the local safety net."
fi
if [ "${LIGHTHOUSE_ON_UNREACHABLE:-block}" = pass ]; then
  exit 0
fi
block "Lighthouse bridge unreachable at $url: the call is blocked until it is back (start it with \`lighthouse serve\`)."
