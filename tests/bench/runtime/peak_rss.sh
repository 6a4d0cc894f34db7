#!/bin/sh
# Peak memory (maximum resident set size, from /usr/bin/time -v) of
# `logicapp run` on a Logic Apps Standard project whose Send email step holds
# its attachment as a base64 literal in the workflow's JSON
# (inputs.parameters.Attachments[0].ContentData), sent to postfix's
# smtp-sink on 127.0.0.1. Runs a 1 KB attachment first as the baseline, then
# MB megabytes of random data, RUNS times each (the machine may be shared),
# once recording the run in a fresh run history and once with --no-store.
#   tests/bench/runtime/peak_rss.sh [BUILD_DIR] [MB] [RUNS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-"$here/../../../build/default"}
mb=${2:-25}
runs=${3:-3}
cli="$build/app/logicapp"
python=/usr/bin/python3
[ -x "$cli" ] || { echo "build logicapp first: $cli" >&2; exit 1; }

work=$(mktemp -d)
sink_pid=
cleanup() {
    [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# -u: smtp-sink refuses to run as root; -c prints a count nobody reads.
/usr/sbin/smtp-sink -u postfix -c "127.0.0.1:$port" 100 >/dev/null &
sink_pid=$!

# project DIR KB: a project whose workflow attaches KB kilobytes of random data.
project() {
    "$python" - "$1" "$2" "$port" <<'EOF'
import base64, json, os, sys
root, kb, port = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(os.path.join(root, "big-mail"))
send = {
    "type": "ServiceProvider",
    "runAfter": {},
    "inputs": {
        "parameters": {
            "from": "bench@example.com",
            "to": "sink@example.com",
            "subject": "Large attachment",
            "body": "See attached.",
            "Attachments": [{
                "ContentData": base64.b64encode(os.urandom(kb * 1024)).decode("ascii"),
                "FileName": "big.pdf",
            }],
        },
        "serviceProviderConfiguration": {
            "connectionName": "sink",
            "operationId": "sendEmail",
            "serviceProviderId": "/serviceProviders/Smtp",
        },
    },
}
workflow = {"kind": "Stateful", "definition": {
    "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/"
               "2016-06-01/workflowdefinition.json#",
    "contentVersion": "1.0.0.0",
    "triggers": {"manual": {"type": "Request", "kind": "Http", "inputs": {}}},
    "actions": {"Send_email": send},
}}
with open(os.path.join(root, "big-mail", "workflow.json"), "w") as f:
    json.dump(workflow, f, indent=2)
connections = {"serviceProviderConnections": {"sink": {
    "displayName": "smtp-sink",
    "serviceProvider": {"id": "/serviceProviders/Smtp"},
    "parameterValues": {"serverAddress": "127.0.0.1", "port": port, "enableSSL": False},
}}}
with open(os.path.join(root, "connections.json"), "w") as f:
    json.dump(connections, f, indent=2)
EOF
}

# measure KB LABEL: prints the peak RSS of each run.
measure() {
    kb=$1
    label=$2
    dir="$work/$kb"
    project "$dir" "$kb"
    size=$(stat -c %s "$dir/big-mail/workflow.json")
    for store in store no-store; do
        i=0
        while [ "$i" -lt "$runs" ]; do
            rm -f "$dir/runs.sqlite"
            if [ "$store" = store ]; then
                set -- --store "$dir/runs.sqlite"
            else
                set -- --no-store
            fi
            if ! /usr/bin/time -v -o "$work/time.txt" "$cli" run "$dir/big-mail/workflow.json" \
                "$@" >"$work/out.txt" 2>&1; then
                echo "the run failed:" >&2
                cat "$work/out.txt" >&2
                exit 1
            fi
            peak=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
            secs=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.txt")
            awk -v what="$label" -v how="$store" -v size="$size" -v peak="$peak" -v secs="$secs" \
                'BEGIN { printf "%-18s %-9s workflow.json %6.1f MB  peak RSS %6.1f MB  wall %s\n",
                    what, how, size / 1048576, peak / 1024, secs }'
            i=$((i + 1))
        done
    done
}

"$python" - "$port" <<'EOF'
import socket, sys, time
for _ in range(100):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.1).close()
        break
    except OSError:
        time.sleep(0.05)
EOF
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg)"
export QT_LOGGING_RULES="logicapp.*.info=false"
measure 1 "1 KB attachment"
measure $((mb * 1024)) "$mb MB attachment"
