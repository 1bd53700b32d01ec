# Starts a throw-away PostgreSQL server on loopback for the tests.
# Source it, then call pg_start; pg_stop runs on EXIT.
# Sets SEEDBED_TEST_POSTGRES_URL. Tests run with fsync off (nothing to
# keep); benchmarks set PG_FSYNC=on so commits cost what they cost.

PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
PG_PORT=${SEEDBED_TEST_PG_PORT:-55432}
PG_DIR=""
PG_FSYNC=${PG_FSYNC:-off}

pg_start() {
  [[ -x "$PG_BIN/initdb" ]] || { echo "PostgreSQL server binaries not found (scripts/setup --test installs them)" >&2; return 1; }
  # A free port: the first of PG_PORT.. that nothing listens on.
  while (exec 3<>"/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null; do PG_PORT=$((PG_PORT + 1)); done
  PG_DIR=$(mktemp -d /tmp/seedbed-pg.XXXXXX)
  local run_as=()
  if [[ $(id -u) == 0 ]]; then
    chown postgres:postgres "$PG_DIR"
    run_as=(runuser -u postgres --)
  fi
  "${run_as[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  "${run_as[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -w -t 60 -l "$PG_DIR/data/server.log" \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=$PG_FSYNC -c max_connections=300" start >/dev/null \
    || { cat "$PG_DIR/data/server.log" >&2; return 1; }
  trap pg_stop EXIT
  export SEEDBED_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
  echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
}

pg_stop() {
  [[ -n "$PG_DIR" && -d "$PG_DIR" ]] || return 0
  local run_as=()
  [[ $(id -u) == 0 ]] && run_as=(runuser -u postgres --)
  "${run_as[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=""
}
