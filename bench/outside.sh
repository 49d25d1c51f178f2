#!/usr/bin/env bash
# Load and footprint as a user's own tools measure them: wrk (not Java) as the client, a Node mock
# upstream in its own process, ccr started as users start it (`./ccr start --config FILE`, the
# launcher's JVM defaults), and the Node original (CCR 2.0.0 from npm) beside it in the same run.
#
#   bench/outside.sh                      # JDK on PATH
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/outside.sh
#
# Settings (environment): SECONDS_PER_ROUND (10), IDLE_STREAMS (1000), BENCH_PORT (19100: mock,
# +1 ccr, +2 CCR 2.0.0), CCR_NODE=0 skips the original, CCR_JAVA_OPTS as for ./ccr.
# Loopback only. Needs node and wrk (installed with apt-get when missing).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
round=${SECONDS_PER_ROUND:-10}
idle_streams=${IDLE_STREAMS:-1000}
base=${BENCH_PORT:-19100}
mock_port=$base ccr_port=$((base + 1)) node_port=$((base + 2))
if [ -n "${JAVA_HOME:-}" ]; then export PATH="$JAVA_HOME/bin:$PATH"; fi

if ! command -v wrk >/dev/null; then
  echo "installing wrk..." >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq wrk >/dev/null; else sudo apt-get install -y -qq wrk >/dev/null; fi
fi
command -v node >/dev/null || { echo "bench/outside.sh needs node (the mock upstream and CCR 2.0.0 run on it)" >&2; exit 1; }

work="$(mktemp -d /tmp/ccr-outside.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]+"${pids[@]}"}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The original, once, in a cache outside the repository (none of its code is kept here).
node_cli=""
if [ "${CCR_NODE:-1}" != 0 ]; then
  cache="${XDG_CACHE_HOME:-$HOME/.cache}/ccr-bench/ccr-2.0.0"
  node_cli="$cache/node_modules/@musistudio/claude-code-router/dist/cli.js"
  if [ ! -f "$node_cli" ]; then
    echo "installing @musistudio/claude-code-router@2.0.0 into $cache..." >&2
    mkdir -p "$cache" && (cd "$cache" && npm install -s --no-audit --no-fund @musistudio/claude-code-router@2.0.0 >/dev/null)
  fi
fi

"$here/ccr" --version >/dev/null # builds the jar when it is missing or stale, as users get it

cat > "$work/post.lua" <<'EOF'
wrk.method = "POST"
wrk.headers["content-type"] = "application/json"
wrk.body = os.getenv("BODY")
EOF
anthropic='{"model":"claude-sonnet-4-5","max_tokens":64,"messages":[{"role":"user","content":"hi"}]}'
openai='{"model":"m","max_tokens":64,"messages":[{"role":"user","content":"hi"}]}'
streamed() { echo "${1/\"max_tokens\"/\"stream\":true,\"max_tokens\"}"; }
slow="$(streamed "${anthropic/claude-sonnet-4-5/slow,m}")"
upstream="http://127.0.0.1:$mock_port/v1/chat/completions"
providers="[{\"name\":\"mock\",\"api_base_url\":\"$upstream\",\"api_key\":\"k\",\"models\":[\"m\"]},
  {\"name\":\"slow\",\"api_base_url\":\"http://127.0.0.1:$mock_port/slow/v1/chat/completions\",\"api_key\":\"k\",\"models\":[\"m\"]}]"
cat > "$work/ccr.json" <<EOF
{"LOG_LEVEL": "warn", "PORT": $ccr_port, "Providers": $providers, "Router": {"default": "mock,m"}}
EOF
mkdir -p "$work/node-home/.claude-code-router"
cat > "$work/node-home/.claude-code-router/config.json" <<EOF
{"LOG": false, "HOST": "127.0.0.1", "PORT": $node_port, "Providers": $providers, "Router": {"default": "mock,m"}}
EOF

node "$here/bench/mock-upstream.mjs" "$mock_port" >/dev/null &
pids+=($!)

# wrk URL BODY CONNECTIONS SECONDS -> "req/s p50_ms p99_ms errors"
load() {
  local threads=1
  [ "$3" -ge 8 ] && threads=2
  BODY="$2" wrk -t"$threads" -c"$3" -d"$4"s --timeout 10s --latency -s "$work/post.lua" "$1" | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    / 50%/ { p50 = ms($2) } / 99%/ { p99 = ms($2) } /Requests\/sec/ { rps = $2 }
    /Non-2xx|Socket errors/ { err = err $0 }
    END { printf "%.0f %.3f %.3f %s\n", rps, p50, p99, (err == "" ? "-" : "ERR") }'
}
hz=$(getconf CLK_TCK) # /proc's CPU times are in these ticks
rss_mb() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
cpu_ticks() { awk '{ sub(/^.*\) /, ""); split($0, f, " "); print f[12] + f[13] }' "/proc/$1/stat"; }
# CPU ticks of a JVM's JIT compiler threads (none in a Node process: 0).
jit_ticks() {
  local t total=0
  for t in /proc/"$1"/task/*; do
    [[ "$(cat "$t/comm" 2>/dev/null)" == C[12]" Compiler"* ]] || continue
    total=$((total + $(awk '{ sub(/^.*\) /, ""); split($0, f, " "); print f[12] + f[13] }' "$t/stat")))
  done
  echo "$total"
}
# Highest resident memory of PID while the command runs, sampled every 0.2 s with shell built-ins
# only: an awk and a sleep started five times a second took the CPU from the proxy's own rounds (only
# the proxy rounds are sampled) and added about a millisecond to their c=1 p99 in probes.
exec {tick}<> <(:) # a pipe nobody writes to: `read -t` on it is a sleep without a process
peak_rss() {
  local pid=$1; shift
  local peak=0 out k v _
  "$@" > "$work/peak.out" &
  local job=$!
  while kill -0 "$job" 2>/dev/null; do
    while read -r k v _; do
      if [ "$k" = VmRSS: ]; then [ $((v / 1024)) -gt "$peak" ] && peak=$((v / 1024)); break; fi
    done < "/proc/$pid/status"
    read -r -t 0.2 -u "$tick" _ || true
  done
  wait "$job"
  out=$(cat "$work/peak.out")
  echo "$out $peak"
}
answers() { curl -s -o /dev/null -w '%{http_code}' -H 'content-type: application/json' -d "$anthropic" "$1" 2>/dev/null | grep -q 200; }

# Starts a proxy in the background: sets started_pid and started_ms (process start to first answer).
start_proxy() {
  local url=$1; shift
  local t0; t0=$(date +%s%N)
  "$@" > "$work/proxy.log" 2>&1 &
  started_pid=$!
  until answers "$url"; do
    kill -0 "$started_pid" 2>/dev/null || { cat "$work/proxy.log" >&2; exit 1; }
    if [ $(( ($(date +%s%N) - t0) / 1000000000 )) -ge 60 ]; then
      echo "no answer from $url within 60 s:" >&2; cat "$work/proxy.log" >&2; exit 1
    fi
    sleep 0.01
  done
  started_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
}

# Starts TARGET (ccr or node) as users start it: sets url, name, pid, listener and started_ms.
start_target() {
  if [ "$1" = node ]; then
    url="http://127.0.0.1:$node_port/v1/messages"
    start_proxy "$url" env HOME="$work/node-home" node "$node_cli" start
    name="CCR 2.0.0"
  else
    url="http://127.0.0.1:$ccr_port/v1/messages"
    start_proxy "$url" env HOME="$work/ccr-home" "$here/ccr" start --config "$work/ccr.json"
    name="ccr"
  fi
  pid=$started_pid
  # The launcher execs java, and node's CLI may fork: measure the process that listens.
  local port=${url#http://127.0.0.1:}; port=${port%%/*}
  listener=$(ss -ltnpH "sport = :$port" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1)
  listener=${listener:-$pid}
  pids+=("$pid" "$listener")
}
stop_target() {
  kill "$pid" "$listener" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  while kill -0 "$listener" 2>/dev/null; do sleep 0.05; done
}
# c=32 small JSON in ten 1-second rounds from now -> "MEAN R1 ... R10" (req/s)
first_seconds() {
  local line="" total=0 r
  for _ in $(seq 1 10); do
    r=$(load "$1" "$anthropic" 32 1 | awk '{print $1}') || r=0
    line="$line $r"
    total=$((total + r))
  done
  echo "$((total / 10))$line"
}

jdk="$(java -version 2>&1 | head -1)"
echo "# bench/outside.sh — $(date -u +%F) — $jdk — $(nproc) cores — wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}') — node $(node -v)"
echo
targets=(ccr)
[ -n "$node_cli" ] && targets+=(node)
# Every ccr start below is a user's second: the launcher records its class-data archive when the
# first one stops.
mkdir -p "$work/ccr-home"
start_target ccr
stop_target
# The first seconds after start vary with what else the machine runs at the time: each proxy is
# started three times, the first two alternating with the other's (the third begins its rounds below).
declare -A firsts
echo "c=32 small JSON, the first 10 s from the first answer (mean req/s, then each second):"
echo
for rep in 1 2; do
  for target in "${targets[@]}"; do
    start_target "$target"
    f=$(first_seconds "$url")
    firsts[$target]="${firsts[$target]:-} ${f%% *}"
    echo "- $name, start $rep: ${f%% *} (${f#* })"
    stop_target
  done
done
echo
for target in "${targets[@]}"; do
  start_target "$target"
  echo "## $name (pid $listener): start to first answer ${started_ms} ms, resident memory idle after start $(rss_mb "$listener") MB"
  echo
  f=$(first_seconds "$url")
  firsts[$target]="${firsts[$target]} ${f%% *}"
  echo "c=32 small JSON, each second from the first answer (start 3): ${f#* } (mean ${f%% *})"
  load "$url" "$anthropic" 32 5 >/dev/null || true # to 15 s of warm-up
  echo
  echo "| round | target | req/s | p50 ms | p99 ms | errors | resident MB (peak) | CPU µs/req | JIT compiler CPU s |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for c in 32 1; do
    for kind in json stream; do
      a=$anthropic o=$openai
      if [ $kind = stream ]; then a=$(streamed "$a") o=$(streamed "$o"); fi
      for rep in 1 2; do
        read -r rps p50 p99 err <<<"$(load "$upstream" "$o" $c "$round")"
        echo "| c=$c $kind | direct | $rps | $p50 | $p99 | $err | | | |"
        t0=$(cpu_ticks "$listener") j0=$(jit_ticks "$listener")
        read -r rps p50 p99 err peak <<<"$(peak_rss "$listener" load "$url" "$a" $c "$round")"
        t1=$(cpu_ticks "$listener") j1=$(jit_ticks "$listener")
        cpu=$(( rps > 0 ? (t1 - t0) * 1000000 / hz / (rps * round) : 0 ))
        jit=$(awk -v t=$((j1 - j0)) -v hz="$hz" 'BEGIN { printf "%.1f", t / hz }')
        echo "| c=$c $kind | $name | $rps | $p50 | $p99 | $err | $peak | $cpu | $jit |"
      done
    done
  done
  # The c=1 rounds above start 35 s after start; on two cores the JIT is still compiling then (its
  # compiler thread took most of a core during them). The same c=1 JSON rounds once more after
  # another 30 s at c=32, when it has caught up.
  load "$url" "$anthropic" 32 30 >/dev/null || true
  echo
  echo "c=1 JSON again after 30 s more at c=32 (the JIT settled); compiler threads' CPU during the ccr rounds:"
  echo
  echo "| round | target | req/s | p50 ms | p99 ms | errors | JIT compiler CPU s |"
  echo "|---|---|---|---|---|---|---|"
  for rep in 1 2; do
    read -r rps p50 p99 err <<<"$(load "$upstream" "$openai" 1 "$round")"
    echo "| c=1 json | direct | $rps | $p50 | $p99 | $err | |"
    j0=$(jit_ticks "$listener")
    read -r rps p50 p99 err <<<"$(load "$url" "$anthropic" 1 "$round")"
    j1=$(jit_ticks "$listener")
    echo "| c=1 json | $name | $rps | $p50 | $p99 | $err | $(awk -v t=$((j1 - j0)) -v hz="$hz" 'BEGIN { printf "%.1f", t / hz }') |"
  done
  sleep 10
  echo
  echo "resident memory 10 s after the rounds: $(rss_mb "$listener") MB"
  sleep 30 # ccr gives memory back after 30 s without requests
  echo "resident memory 40 s after the rounds: $(rss_mb "$listener") MB"
  if [ "$idle_streams" -gt 0 ]; then
    BODY="$slow" timeout 40 wrk -t2 -c"$idle_streams" -d20s --timeout 60s -s "$work/post.lua" "$url" >/dev/null 2>&1 &
    w=$!
    sleep 15
    echo "resident memory with $idle_streams idle streams open (one event a second each): $(rss_mb "$listener") MB"
    wait "$w" 2>/dev/null || true
  fi
  stop_target
  echo
done
if [ -n "$node_cli" ]; then
  mean() { awk '{ t = 0; for (i = 1; i <= NF; i++) t += $i; printf "%.0f", t / NF }' <<<"$1"; }
  a=$(mean "${firsts[ccr]}") b=$(mean "${firsts[node]}")
  echo "First 10 s over three starts (mean req/s): ccr${firsts[ccr]} -> $a; CCR 2.0.0${firsts[node]} -> $b; ratio $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.1fx", a / b }')"
fi
