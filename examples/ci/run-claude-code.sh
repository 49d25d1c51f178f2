#!/usr/bin/env bash
# Runs Claude Code through ccr on a CI machine: writes a config whose key is a $VAR reference,
# starts ccr in the background with NON_INTERACTIVE_MODE, waits for /health, runs `ccr code -p`
# without the provider's key in claude's environment, and stops ccr however it ends.
# The workflow claude-code.yml calls it; ClaudeCodeInCiTest runs this same file with a fake claude.
#
# Environment:
#   CCR_PROMPT            the prompt for Claude Code (required)
#   CCR_PROVIDER          provider name in the config (default: deepseek)
#   CCR_PROVIDER_URL      its api_base_url (required)
#   CCR_MODEL             the model Router.default routes to (required)
#   CCR_PROVIDER_KEY_VAR  the variable holding its key (default: CCR_PROVIDER_API_KEY); the config
#                         refers to it as $NAME, so the key itself is never written to disk
#   CCR_JAR               the ccr server jar; without it `ccr` must be on PATH
#   CCR_HOME              ccr's folder for config, logs and PID file (default: a new temporary folder)
#   CCR_PORT              the port ccr listens on, on 127.0.0.1 (default: 3456)
#   CCR_CLAUDE_ARGS       more arguments for claude, split on spaces (default: none)
set -euo pipefail

: "${CCR_PROMPT:?set CCR_PROMPT to the prompt for Claude Code}"
: "${CCR_PROVIDER_URL:?set CCR_PROVIDER_URL to the provider api_base_url}"
: "${CCR_MODEL:?set CCR_MODEL to the model to route to}"
provider="${CCR_PROVIDER:-deepseek}"
key_var="${CCR_PROVIDER_KEY_VAR:-CCR_PROVIDER_API_KEY}"
port="${CCR_PORT:-3456}"
if ! [[ "$key_var" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
  echo "run-claude-code: CCR_PROVIDER_KEY_VAR must be a variable name, not \"$key_var\"" >&2
  exit 2
fi
if [ -z "${!key_var:-}" ]; then
  echo "run-claude-code: $key_var is empty; map the repository secret to it in the workflow" >&2
  exit 2
fi
export CCR_HOME="${CCR_HOME:-$(mktemp -d)}"
mkdir -p "$CCR_HOME"
if [ -n "${CCR_JAR:-}" ]; then ccr=(java -jar "$CCR_JAR"); else ccr=(ccr); fi

# The key stays a reference: "\$" writes a literal $, resolved by ccr from its own environment.
cat > "$CCR_HOME/config.json" <<CONFIG
{
  "LOG": true,
  "HOST": "127.0.0.1",
  "PORT": $port,
  "NON_INTERACTIVE_MODE": true,
  "Providers": [{
    "name": "$provider",
    "api_base_url": "$CCR_PROVIDER_URL",
    "api_key": "\$$key_var",
    "models": ["$CCR_MODEL"]
  }],
  "Router": {"default": "$provider,$CCR_MODEL"}
}
CONFIG

"${ccr[@]}" validate
trap '"${ccr[@]}" stop >/dev/null 2>&1 || true' EXIT
"${ccr[@]}" start --daemon

for _ in $(seq 1 60); do
  if curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; then break; fi
  sleep 1
done
curl -fsS "http://127.0.0.1:$port/health" >/dev/null || { echo "run-claude-code: ccr did not answer on /health" >&2; exit 1; }

# claude needs only the router's URL (ccr code sets it): the provider's key stays with the server.
# shellcheck disable=SC2086 # CCR_CLAUDE_ARGS is split on purpose
env -u "$key_var" "${ccr[@]}" code -p "$CCR_PROMPT" ${CCR_CLAUDE_ARGS:-}
