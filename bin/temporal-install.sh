#!/usr/bin/env bash
# Prints the path of a Temporal CLI binary, building it from source through the Go module proxy when
# none is installed. It lands in $(go env GOPATH)/bin, outside the repository, so later runs reuse it.
set -euo pipefail
export PATH="$PATH:/usr/local/go/bin"

if [ -n "${TEMPORAL_BINARY:-}" ] && [ -x "$TEMPORAL_BINARY" ]; then echo "$TEMPORAL_BINARY"; exit 0; fi
if command -v temporal >/dev/null 2>&1; then command -v temporal; exit 0; fi

gobin="$(go env GOPATH)/bin"
if [ -x "$gobin/temporal" ]; then echo "$gobin/temporal"; exit 0; fi

# Newer CLI tags carry a replace directive and cannot be go-installed; these can, newest first.
# Progress goes to stderr (go lists each module it downloads and, with -v, each package it builds).
for version in v1.5.1 v1.5.0 v1.4.1; do
  echo "building the Temporal CLI $version from source into $gobin (takes ~3 minutes the first time)…" >&2
  started=$(date +%s)
  if go install -v "github.com/temporalio/cli/cmd/temporal@$version" >&2; then
    echo "built the Temporal CLI $version in $(( $(date +%s) - started ))s" >&2
    echo "$gobin/temporal"
    exit 0
  fi
done
echo "could not build the Temporal CLI; install it and set TEMPORAL_BINARY=/path/to/temporal" >&2
exit 1
