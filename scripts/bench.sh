#!/bin/sh
# Builds every benchmark in an optimised build and runs each with the figures
# the issues set targets for, one after the other, so they do not compete for
# the processor. The output (also kept in BUILD_DIR/bench-report.txt) starts
# with the machine's load: numbers taken on a busy machine are upper bounds.
#   scripts/bench.sh [BUILD_DIR]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$root/build/default"}
[ -f "$build/CMakeCache.txt" ] || cmake --preset default -S "$root"
cmake --build "$build" --target bench_smtp bench_mime bench_runtime bench_designer \
    bench_bare_window bench_wdl bench_expressions logicapp
report="$build/bench-report.txt"
# Quiet: the programs' per-message and per-file log lines would bury the figures.
export QT_LOGGING_RULES="logicapp.*.info=false"
XDG_RUNTIME_DIR=$(mktemp -d)
export XDG_RUNTIME_DIR
trap 'rm -rf "$XDG_RUNTIME_DIR"' EXIT
b="$build/tests/bench"
{
    echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, commit $(git -C "$root" rev-parse --short HEAD)"
    echo "# load: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    echo "## SMTP: 1 KB messages to smtp-sink, one connection, 10 pooled, smtplib"
    "$b/smtp/bench_smtp" --messages 20000 --runs 3
    echo
    echo "## 25 MB attachment: from a file and as base64 in the step's JSON"
    "$b/mime/bench_mime" --mb 25 --runs 3
    echo
    echo "## Runtime: 1,000 Send email runs"
    "$b/runtime/bench_runtime" --runs 1000
    echo
    echo "## logicapp run: peak memory with a 25 MB attachment as a base64 literal"
    "$root/tests/bench/runtime/peak_rss.sh" "$build" 25 3
    echo
    echo "## Designer: cold start against a bare window; 2,500 steps"
    # Many starts: on a shared virtual machine the median of a few dozen
    # moves by a few milliseconds from one batch to the next.
    QT_QPA_PLATFORM=offscreen "$b/designer/bench_designer" --runs 100
    echo
    echo "## WDL: 1,000 actions, load and write"
    "$b/wdl/bench_wdl" 1000 30
    echo
    echo "## Expressions"
    "$b/expressions/bench_expressions" 100000
} 2>&1 | grep -v 'does not support propagateSizeHints' | tee "$report"
