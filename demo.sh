#!/usr/bin/env bash
# The main job: builds the jar and runs the demo.
set -euo pipefail
cd "$(dirname "$0")"
command -v npm >/dev/null || { echo "Node.js 20 with npm is needed: the build installs the console's Socket.IO client with it" >&2; exit 1; }
mvn -B -q -ntp -DskipTests package
exec java -jar target/handoff.jar demo "$@"
