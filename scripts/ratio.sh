#!/bin/sh
# ratio.sh measures orfix serve (with SQLite) against the HTTP floor
# (cmd/orfix-floor) on loopback under the same orfix-load, fresh servers
# each run, and prints orfix/floor ratios. Arguments go to orfix-ratio:
#
#	scripts/ratio.sh -c 16,64 -n 3 -d 10s
#
# The load generator runs on the same machine as the server it measures.
set -eu
cd "$(dirname "$0")/.."
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/" ./cmd/orfix ./cmd/orfix-floor ./cmd/orfix-load ./cmd/orfix-ratio
"$bin/orfix-ratio" -bin "$bin" "$@"
