#!/usr/bin/env bash
# Installs what is missing, builds, and opens the designer with the sample
# workflow (sending to the built-in local mail catcher).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake --preset default -DLOGICAPP_BUILD_TESTS=OFF >/dev/null
cmake --build --preset default --target logicapp-designer logicapp
sample="resources/samples/lead-to-email/workflow.json"
[ -f "$sample" ] || sample=""
exec build/default/app/logicapp-designer $sample "$@"
