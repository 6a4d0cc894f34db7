#!/bin/sh
# Builds and runs the SMTP throughput benchmark against smtp-sink on loopback
# (needs an optimised build, e.g. the "default" preset: RelWithDebInfo).
#   tests/bench/smtp/run.sh [BUILD_DIR] [MESSAGES] [RUNS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-"$here/../../../build/default"}
messages=${2:-20000}
runs=${3:-3}
cmake --build "$build" --target bench_smtp bench_mime
uptime
"$build/tests/bench/smtp/bench_smtp" --messages "$messages" --runs "$runs"
exec "$build/tests/bench/mime/bench_mime" --mb 25
