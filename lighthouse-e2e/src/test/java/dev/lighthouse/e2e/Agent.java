package dev.lighthouse.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How each agent CLI is run headless and offline against the {@link ScriptedModel}: its configuration in the run's
 * fresh home, its environment and its command line (see {@code agent-clients.md}).
 */
enum Agent {
    CLAUDE_CODE("claude-code", "project"),
    CODEX("codex", "user"),
    GEMINI("gemini", "project"),
    OPENCODE("opencode", "project"),
    /** User scope: Copilot runs a project's hooks only in folders the user trusted. */
    COPILOT("copilot", "user"),
    QWEN("qwen", "project"),
    CLINE("cline", "project");

    /** What one agent run does at most; a hook timing out takes 10 s of it. */
    static final Duration RUN_LIMIT = Duration.ofSeconds(90);

    static final String PROMPT = "Run the shell command you are scripted to run, then report.";

    /** {@code lighthouse hook install --agent ID}. */
    final String id;
    /** The scope a user installs at: the project's settings, except for Codex (only {@code $CODEX_HOME}) and Copilot. */
    final String scope;

    Agent(String id, String scope) {
        this.id = id;
        this.scope = scope;
    }

    /** Writes the agent's own settings (model provider, offline switches) into the run's home. */
    void configure(Workspace ws, String modelUrl) {
        switch (this) {
            case CLAUDE_CODE -> {
                // nothing: environment only
            }
            case CODEX -> ws.write(ws.codexHome().resolve("config.toml"), """
                    model = "gpt-scripted"
                    model_provider = "scripted"
                    check_for_update_on_startup = false

                    [model_providers.scripted]
                    name = "scripted"
                    base_url = "%s/v1"
                    env_key = "SCRIPTED_API_KEY"
                    wire_api = "responses"
                    request_max_retries = 0
                    stream_max_retries = 0

                    [features]
                    plugins = false
                    remote_plugin = false
                    apps = false
                    plugin_sharing = false

                    [analytics]
                    enabled = false
                    """.formatted(modelUrl));
            case GEMINI -> ws.write(ws.home().resolve(".gemini/settings.json"), """
                    {
                      "security": {"auth": {"selectedType": "gemini-api-key"}},
                      "privacy": {"usageStatisticsEnabled": false},
                      "telemetry": {"enabled": false},
                      "general": {"disableAutoUpdate": true, "disableUpdateNag": true}
                    }
                    """);
            case OPENCODE -> ws.write(ws.home().resolve(".config/opencode/opencode.json"), """
                    {
                      "provider": {
                        "scripted": {
                          "npm": "@ai-sdk/openai-compatible",
                          "name": "Scripted",
                          "options": {"baseURL": "%s/v1", "apiKey": "sk-scripted"},
                          "models": {"scripted": {"name": "Scripted", "tool_call": true}}
                        }
                      },
                      "model": "scripted/scripted",
                      "small_model": "scripted/scripted",
                      "autoupdate": false,
                      "share": "disabled"
                    }
                    """.formatted(modelUrl));
            case COPILOT -> {
                // nothing: environment only
            }
            case QWEN -> ws.write(ws.home().resolve(".qwen/settings.json"), """
                    {
                      "privacy": {"usageStatisticsEnabled": false},
                      "telemetry": {"enabled": false},
                      "general": {"disableAutoUpdate": true, "disableUpdateNag": true}
                    }
                    """);
            // What `cline auth -p openai-compatible -b URL -k KEY -m MODEL` writes; without updatedAt Cline discards it
            // and falls back to its own cloud provider.
            case CLINE -> ws.write(ws.home().resolve(".cline/data/settings/providers.json"), """
                    {
                      "version": 1,
                      "lastUsedProvider": "openai-compatible",
                      "modes": {},
                      "providers": {
                        "openai-compatible": {
                          "settings": {
                            "provider": "openai-compatible",
                            "apiKey": "sk-scripted",
                            "model": "scripted",
                            "baseUrl": "%s/v1"
                          },
                          "updatedAt": "2026-01-01T00:00:00.000Z",
                          "tokenSource": "manual"
                        }
                      }
                    }
                    """.formatted(modelUrl));
        }
    }

    Map<String, String> env(Workspace ws, String modelUrl) {
        Map<String, String> env = ws.baseEnv();
        switch (this) {
            case CLAUDE_CODE -> {
                env.put("ANTHROPIC_BASE_URL", modelUrl);
                env.put("ANTHROPIC_API_KEY", "sk-scripted");
                env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
                env.put("DISABLE_TELEMETRY", "1");
                env.put("DISABLE_AUTOUPDATER", "1");
                env.put("DISABLE_ERROR_REPORTING", "1");
            }
            case CODEX -> {
                env.put("SCRIPTED_API_KEY", "sk-scripted");
                env.put("CODEX_HOME", ws.codexHome().toString());
            }
            case GEMINI -> {
                env.put("GOOGLE_GEMINI_BASE_URL", modelUrl);
                env.put("GEMINI_API_KEY", "scripted");
                env.put("GEMINI_CLI_TRUST_WORKSPACE", "true");
                env.put("GEMINI_CLI_NO_RELAUNCH", "true");
            }
            case OPENCODE -> {
                env.put("OPENCODE_DISABLE_MODELS_FETCH", "1");
                env.put("OPENCODE_DISABLE_AUTOUPDATE", "1");
                // OpenCode installs its plugin types into every config directory at start; offline npm fails at
                // once instead of waiting a minute on the registry's name.
                env.put("npm_config_offline", "true");
            }
            case COPILOT -> {
                env.put("COPILOT_OFFLINE", "true");
                env.put("COPILOT_PROVIDER_BASE_URL", modelUrl + "/v1");
                env.put("COPILOT_PROVIDER_API_KEY", "sk-scripted");
                // A model Copilot knows, so it assumes tool support; the scripted model answers to any name.
                env.put("COPILOT_MODEL", "gpt-4.1");
                env.put("COPILOT_AUTO_UPDATE", "false");
            }
            case QWEN -> {
                env.put("OPENAI_BASE_URL", modelUrl + "/v1");
                env.put("OPENAI_API_KEY", "sk-scripted");
                env.put("OPENAI_MODEL", "scripted");
                env.put("QWEN_CODE_SUPPRESS_YOLO_WARNING", "1");
            }
            case CLINE -> {
                // In this process: a plain run would also start a hub daemon that outlives it.
                env.put("CLINE_SESSION_BACKEND_MODE", "local");
                env.put("CLINE_NO_AUTO_UPDATE", "1");
            }
        }
        return env;
    }

    List<String> command(Path bin) {
        return switch (this) {
            case CLAUDE_CODE -> List.of(bin.resolve("claude").toString(), "-p", PROMPT, "--output-format", "json");
            case CODEX ->
                List.of(
                        bin.resolve("codex").toString(),
                        "exec",
                        "--skip-git-repo-check",
                        "--dangerously-bypass-hook-trust",
                        "-s",
                        "danger-full-access",
                        PROMPT);
            case GEMINI -> List.of(bin.resolve("gemini").toString(), "-p", PROMPT, "--approval-mode", "yolo");
            case OPENCODE -> List.of(bin.resolve("opencode").toString(), "run", PROMPT);
            case COPILOT -> List.of(bin.resolve("copilot").toString(), "-p", PROMPT, "--allow-all-tools");
            case QWEN ->
                List.of(bin.resolve("qwen").toString(), "--auth-type", "openai", "--approval-mode", "yolo", PROMPT);
            case CLINE -> List.of(bin.resolve("cline").toString(), PROMPT);
        };
    }
}
