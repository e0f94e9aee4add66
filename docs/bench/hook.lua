-- Claude Code PreToolUse calls, mix of the reference's safe / risky / complex commands (70/20/10).
local safe = {"ls -la", "pwd", "echo \\\"hello world\\\"", "date", "whoami", "ps aux", "df -h", "kubectl get pods", "cat /etc/os-release", "git status"}
local risky = {"sudo systemctl restart nginx", "rm -rf /tmp/old_logs", "curl https://api.example.com/data", "docker stop web", "chmod 755 /usr/local/bin/tool", "pkill -f worker", "rm -rf ~"}
local complex = {"kubectl apply -f deployment.yaml", "terraform apply -auto-approve", "ansible-playbook -i inventory site.yml", "docker build -t app .", "npm run build && npm run deploy"}
local bodies = {}
math.randomseed(42)
for i = 1, 1000 do
  local r = math.random(100)
  local list = r <= 70 and safe or (r <= 90 and risky or complex)
  local cmd = list[math.random(#list)]
  bodies[i] = string.format('{"session_id":"s%d","cwd":"/srv/p%d","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"%s"}}', i % 97, i % 13, cmd)
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, "/v1/hooks/claude-code", nil, bodies[(n % #bodies) + 1])
end
local think_min = tonumber(os.getenv("THINK_MIN_MS") or "0")
local think_max = tonumber(os.getenv("THINK_MAX_MS") or "0")
if think_max > 0 then
  delay = function() return math.random(think_min, think_max) end
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("errors: connect %d, read %d, write %d, status %d, timeout %d\n", e.connect, e.read, e.write, e.status, e.timeout))
  io.write(string.format("p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms\n", latency:percentile(50)/1000, latency:percentile(90)/1000, latency:percentile(99)/1000, latency:percentile(99.9)/1000, latency.max/1000))
end
