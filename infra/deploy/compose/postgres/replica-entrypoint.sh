#!/bin/bash
# The replica: on first start, copy the primary with pg_basebackup (-R writes standby.signal and the
# connection), with a replication slot so the primary keeps the WAL the replica still needs; then run.
set -euo pipefail
export PGDATA=/var/lib/postgresql/data
if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
    until pg_basebackup -h postgres -U replicator -D "$PGDATA" -R -X stream -C -S replica1; do
        echo "waiting for the primary"; rm -rf "${PGDATA:?}"/*; sleep 2
    done
    chmod 0700 "$PGDATA"
fi
exec postgres -c hot_standby=on
