#!/usr/bin/env bash
# Load benchmark: builds the server jar with the benchmarks, then runs direct and through-ccr
# rounds at concurrency 1, 8, 32 and 128 on loopback. Arguments: [seconds-per-round] [levels] [idle-streams].
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp -Pjmh install -DskipTests
exec java -cp ccr-server/target/ccr-server.jar dev.ccr.bench.LoadBench "$@"
