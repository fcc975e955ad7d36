#!/usr/bin/env bash
# The main job: builds the jar and runs the demo.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q -ntp -DskipTests package
exec java -jar target/handoff.jar demo "$@"
