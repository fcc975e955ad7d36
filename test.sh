#!/usr/bin/env bash
# Runs every test: unit, integration (real Socket.IO servers and clients, H2 and PostgreSQL,
# the seed's JavaScript client under Node) and the end-to-end test of the command line.
set -euo pipefail
cd "$(dirname "$0")"
command -v npm >/dev/null || { echo "Node.js 20 with npm is needed: the build installs the console's Socket.IO client with it" >&2; exit 1; }
mvn -B -ntp -Dstyle.color=never verify "$@"
