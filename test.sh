#!/usr/bin/env bash
# Runs every test: unit, integration (real Socket.IO servers and clients, H2 and PostgreSQL,
# the seed's JavaScript client under Node) and the end-to-end test of the command line.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -ntp -Dstyle.color=never verify "$@"
