#!/usr/bin/env bash
# Prepares a real Temporal cluster on PostgreSQL, without Docker: builds the server, its temporal-sql-tool
# and (when it builds) the Web UI server through the Go module proxy into $(go env GOPATH)/bin, creates and
# migrates the persistence and visibility databases with the server's own schema files, and writes the
# server's config. Idempotent: binaries, databases and schemas already in place are kept.
# Progress goes to stderr; the last line on stdout is a JSON summary bin/cluster.ts and the tests read.
set -euo pipefail
export PATH="$PATH:/usr/local/go/bin"

server_version=${TEMPORAL_SERVER_VERSION:-v1.29.1}     # what our Temporal CLI embeds (temporal --version)
ui_version=${TEMPORAL_UI_SERVER_VERSION:-v2.42.1}      # likewise
db_host=${TEMPORAL_DB_HOST:-127.0.0.1}
db_port=${TEMPORAL_DB_PORT:-5432}
db_user=${TEMPORAL_DB_USER:-postgres}
db_password=${TEMPORAL_DB_PASSWORD:-}
db_main=${TEMPORAL_DB:-temporal}
db_visibility=${TEMPORAL_VISIBILITY_DB:-temporal_visibility}
shards=${TEMPORAL_HISTORY_SHARDS:-4} # fixed when the cluster first starts; more for a bigger cluster
port=${TEMPORAL_CLUSTER_PORT:-7233}  # the frontend; the other services sit at the usual offsets from it
ui_port=${TEMPORAL_UI_PORT:-8233}
# The server records its ports in cluster_membership as smallint: above 32767 it stops at start.
if ((port < 301 || port + 10 > 32767)); then
  echo "cluster-install: TEMPORAL_CLUSTER_PORT must be within 301..32757 (got $port): the server stores its ports as smallint" >&2
  exit 1
fi

log() { echo "cluster-install: $*" >&2; }
gobin="$(go env GOPATH)/bin"
mkdir -p "$gobin"

# go install names every binary after its folder (server, sql): build into a scratch GOBIN and rename.
build() { # <package@version> <target name>
  local target="$gobin/$2" scratch started
  if [ -x "$target" ]; then log "$2: $target (already built)"; return 0; fi
  scratch=$(mktemp -d)
  started=$(date +%s)
  log "$2: building $1 through the Go module proxy (a few minutes the first time)…"
  if GOBIN="$scratch" go install "$1" >&2; then
    mv "$scratch"/* "$target"
    rm -rf "$scratch"
    log "$2: built in $(($(date +%s) - started))s"
    return 0
  fi
  rm -rf "$scratch"
  return 1
}

# When go install refuses a module (replace directives), build it inside a writable copy of its source.
build_in_copy() { # <module> <version> <package dir> <target name>
  local target="$gobin/$4" dir scratch started
  if [ -x "$target" ]; then return 0; fi
  started=$(date +%s)
  dir=$(go mod download -json "$1@$2" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')
  scratch=$(mktemp -d)
  cp -r "$dir/." "$scratch" && chmod -R u+w "$scratch"
  if (cd "$scratch" && GOFLAGS=-mod=mod go build -o "$target" "./$3" >&2); then
    log "$4: built from a copy of $1@$2 in $(($(date +%s) - started))s"
    rm -rf "$scratch"
    return 0
  fi
  rm -rf "$scratch"
  return 1
}

build "go.temporal.io/server/cmd/server@$server_version" temporal-server ||
  build_in_copy go.temporal.io/server "$server_version" cmd/server temporal-server
build "go.temporal.io/server/cmd/tools/sql@$server_version" temporal-sql-tool ||
  build_in_copy go.temporal.io/server "$server_version" cmd/tools/sql temporal-sql-tool
ui_server=""
if [ "${TEMPORAL_UI_SKIP:-}" != "1" ]; then
  if build "github.com/temporalio/ui-server/v2/cmd/server@$ui_version" temporal-ui-server ||
    build_in_copy github.com/temporalio/ui-server/v2 "$ui_version" cmd/server temporal-ui-server; then
    ui_server="$gobin/temporal-ui-server"
  else
    log "the Web UI server $ui_version did not build; the cluster runs without it"
  fi
fi

if [ "${CLUSTER_BUILD_ONLY:-}" = "1" ]; then exit 0; fi # CI: binaries only, no databases, no config
cluster_dir=$(mkdir -p "${CLUSTER_DIR:-data/cluster}" && cd "${CLUSTER_DIR:-data/cluster}" && pwd)

# The schema files ship in the server module: the same version as the binaries.
module_dir=$(go mod download -json "go.temporal.io/server@$server_version" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')
schema_dir="$module_dir/schema/postgresql/v12"

# The tool logs every statement: into schema.log, shown only when it fails.
sql_tool() { # <database> <command…>
  if ! "$gobin/temporal-sql-tool" --plugin postgres12 --endpoint "$db_host" --port "$db_port" --user "$db_user" \
    --password "$db_password" --database "$1" "${@:2}" >>"$cluster_dir/schema.log" 2>&1; then
    tail -20 "$cluster_dir/schema.log" >&2
    log "temporal-sql-tool ${*:2} failed on $1; the whole log is $cluster_dir/schema.log"
    return 1
  fi
}
# Succeeds when the database exists and already has the tool's schema_version table.
has_schema() { # <database>
  PGPASSWORD="$db_password" psql -h "$db_host" -p "$db_port" -U "$db_user" -d "$1" -tAc \
    "select 1 from information_schema.tables where table_name = 'schema_version'" 2>/dev/null | grep -q 1
}
database_exists() { # <database>
  PGPASSWORD="$db_password" psql -h "$db_host" -p "$db_port" -U "$db_user" -d postgres -tAc \
    "select 1 from pg_database where datname = '$1'" | grep -q 1
}

started=$(date +%s)
for pair in "$db_main:temporal" "$db_visibility:visibility"; do
  database=${pair%%:*}
  versioned="$schema_dir/${pair##*:}/versioned"
  if ! database_exists "$database"; then
    log "creating the database $database"
    sql_tool "$database" create-database
  fi
  if ! has_schema "$database"; then sql_tool "$database" setup-schema -v 0.0; fi
  # Applies only the versions the database lacks; a no-op when it is current.
  sql_tool "$database" update-schema -d "$versioned"
done
log "schemas of $db_main and $db_visibility are current ($(($(date +%s) - started))s)"

mkdir -p "$cluster_dir/server" "$cluster_dir/ui"
cat >"$cluster_dir/dynamicconfig.yaml" <<'YAML'
# Dynamic config of the local cluster; the server rereads it every 10 s.
limit.maxIDLength:
  - value: 255
# An activity that a workflow task schedules on the worker's own queue goes straight back to that worker in the
# answer to the task, instead of through the queue (the ticket's letters: one round trip less per letter).
system.enableActivityEagerExecution:
  - value: true
YAML

datastore() { # <name> <database> <max connections>
  cat <<YAML
    $1:
      sql:
        pluginName: postgres12
        databaseName: "$2"
        connectAddr: "$db_host:$db_port"
        connectProtocol: tcp
        user: "$db_user"
        password: "$db_password"
        maxConns: $3
        maxIdleConns: $3
        maxConnLifetime: 1h
YAML
}
service() { # <name> <gRPC port> <membership port> [extra line]
  printf '  %s:\n    rpc:\n      grpcPort: %s\n      membershipPort: %s\n      bindOnLocalHost: true\n' "$1" "$2" "$3"
  [ -z "${4:-}" ] || printf '      %s\n' "$4"
}
{
  cat <<YAML
# Written by bin/cluster-install.sh: the Temporal server $server_version on PostgreSQL, all services on loopback.
log:
  stdout: true
  level: ${TEMPORAL_LOG_LEVEL:-warn}
persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: $shards
  datastores:
YAML
  datastore postgres-default "$db_main" 20
  datastore postgres-visibility "$db_visibility" 10
  cat <<YAML
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: 127.0.0.1
services:
YAML
  service frontend "$port" $((port - 300)) "httpPort: $((port + 10))"
  service history $((port + 1)) $((port - 299))
  service matching $((port + 2)) $((port - 298))
  service worker $((port + 6)) $((port - 294))
  cat <<YAML
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: 127.0.0.1:$port
dcRedirectionPolicy:
  policy: noop
dynamicConfigClient:
  filepath: $cluster_dir/dynamicconfig.yaml
  pollInterval: 10s
YAML
} >"$cluster_dir/server/cluster.yaml"

if [ -n "$ui_server" ]; then
  cat >"$cluster_dir/ui/cluster.yaml" <<YAML
# Written by bin/cluster-install.sh: the Temporal Web UI $ui_version for the cluster at 127.0.0.1:$port.
temporalGrpcAddress: 127.0.0.1:$port
host: 127.0.0.1
port: $ui_port
enableUi: true
defaultNamespace: ${TEMPORAL_NAMESPACE:-default}
auth:
  enabled: false
YAML
fi
log "config written to $cluster_dir/server/cluster.yaml (start: temporal-server --root $cluster_dir --config server --env cluster start)"

printf '{"server":"%s","sqlTool":"%s","uiServer":"%s","configDir":"%s","address":"127.0.0.1:%s","uiUrl":"%s"}\n' \
  "$gobin/temporal-server" "$gobin/temporal-sql-tool" "$ui_server" "$cluster_dir" "$port" \
  "${ui_server:+http://127.0.0.1:$ui_port}"
