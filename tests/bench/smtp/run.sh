#!/bin/sh
# Builds and runs the SMTP throughput benchmark against smtp-sink on loopback.
#   tests/bench/smtp/run.sh [BUILD_DIR] [MESSAGES]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-"$here/../../../build/release"}
messages=${2:-20000}
cmake --build "$build" --target bench_smtp
exec "$build/tests/bench/smtp/bench_smtp" --messages "$messages"
