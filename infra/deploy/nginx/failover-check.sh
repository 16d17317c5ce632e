#!/usr/bin/env bash
# Two api processes behind a real nginx under `ab -n 5000 -c 50`, one of them killed with SIGKILL in the
# middle; then PostgreSQL says whether any accepted job was lost.
#
#   infra/deploy/nginx/failover-check.sh [--requests 5000] [--concurrency 50] [--kill-at 1500]
#
# What it starts (all on free loopback ports, all stopped at the end, whatever happens):
#   * the dev jar's infrastructure (`askflow-dev.jar --infra-only`): embedded Kafka, Redis, PostgreSQL;
#   * the Ollama simulator, one pipeline, one workers process;
#   * api-1 and api-2 as separate JVMs (the api's exec jar), each with its own management port;
#   * nginx with infra/deploy/nginx/nginx.conf, its upstream servers replaced by the two instances.
# Then ab POSTs the same JSON body 5000 times (ab sends one body; the question names this run, so it is new
# to the stack: the first submits start one chain run, the next ones coalesce onto it, then the cache answers
# them at the submit). When ab reports --kill-at requests done, api-1 gets SIGKILL.
#
# The rule it checks (nginx.conf says why): every 2xx names a job that is in PostgreSQL and ends COMPLETED;
# a non-2xx is allowed only as a 502 for a request api-1 was processing when it died (so at most
# --concurrency of them) or as the api's own 503 with Retry-After; ab sees no failed connection.
# It prints the figures and exits 1 when the rule does not hold.
#
# Security: the api instances run with --askflow.security.enabled=false, as on a closed network. With API keys
# on, give ab `-H 'Authorization: Bearer <key>'`. More api settings (e.g. rate limits raised for the load):
# FAILOVER_API_ARGS='--name=value ...'.
#
# Needs: a JDK 17+, the exec jars (built here with `mvn package` when missing), Debian's nginx and
# apache2-utils (installed here with apt-get when missing), psql and python3.
set -euo pipefail

REQUESTS=5000
CONCURRENCY=50
KILL_AT=1500
while [[ $# -gt 0 ]]; do
    case "$1" in
        --requests) REQUESTS="$2"; shift 2 ;;
        --concurrency) CONCURRENCY="$2"; shift 2 ;;
        --kill-at) KILL_AT="$2"; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
VERSION=0.1.0-SNAPSHOT
DEV_JAR="$ROOT/infra/dev/target/askflow-dev.jar"
API_JAR="$ROOT/api/target/askflow-api-$VERSION-exec.jar"
PIPELINE_JAR="$ROOT/pipeline/target/askflow-pipeline-$VERSION-exec.jar"
WORKERS_JAR="$ROOT/workers/target/askflow-workers-$VERSION-exec.jar"
SIMULATOR_JAR="$ROOT/infra/simulator/target/askflow-ollama-simulator-$VERSION-exec.jar"
WORK="$(mktemp -d -t askflow-failover-XXXXXX)"
PIDS=()
NGINX_PID=""

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

stop_all() {
    if [[ -n "$NGINX_PID" ]] && kill -0 "$NGINX_PID" 2>/dev/null; then
        kill -QUIT "$NGINX_PID" 2>/dev/null || true
    fi
    # the roles first, the infrastructure (the first process started) last
    local i
    for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
        kill -TERM "${PIDS[$i]}" 2>/dev/null || true
        for _ in $(seq 1 60); do kill -0 "${PIDS[$i]}" 2>/dev/null || break; sleep 0.5; done
        kill -KILL "${PIDS[$i]}" 2>/dev/null || true
    done
    log "stopped everything; logs in $WORK"
}
trap stop_all EXIT

ensure_tools() {
    if ! command -v nginx >/dev/null || ! command -v ab >/dev/null; then
        log "installing Debian's nginx and apache2-utils"
        local sudo=""
        [[ $(id -u) -ne 0 ]] && sudo=sudo
        $sudo apt-get update -qq
        # RUNLEVEL=1: the package's postinst must not start a system nginx on :80
        RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nginx apache2-utils >/dev/null
    fi
    for tool in nginx ab psql python3 java; do
        command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 2; }
    done
}

ensure_jars() {
    local jar missing=0
    for jar in "$DEV_JAR" "$API_JAR" "$PIPELINE_JAR" "$WORKERS_JAR" "$SIMULATOR_JAR"; do
        [[ -f "$jar" ]] || missing=1
    done
    if [[ $missing -eq 1 ]]; then
        log "building the exec jars (mvn package)"
        (cd "$ROOT" && mvn -B -q package -DskipTests -pl api,pipeline,workers,infra/dev,infra/simulator -am)
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# starts a JVM in the background; its pid goes to PIDS and to the variable named by $1
start_java() {
    local var="$1" name="$2"; shift 2
    java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx384m "$@" >"$WORK/$name.log" 2>&1 &
    PIDS+=("$!")
    printf -v "$var" '%s' "$!"
}

await_url() {
    local url="$1" what="$2" seconds="${3:-180}"
    for _ in $(seq 1 $((seconds * 2))); do
        curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
        sleep 0.5
    done
    log "$what did not answer at $url within $seconds s"; exit 1
}

start_infrastructure() {
    start_java INFRA_PID infrastructure -jar "$DEV_JAR" --infra-only
    for _ in $(seq 1 240); do
        grep -q "Ctrl-C stops it" "$WORK/infrastructure.log" 2>/dev/null && break
        kill -0 "$INFRA_PID" 2>/dev/null || { cat "$WORK/infrastructure.log" >&2; exit 1; }
        sleep 0.5
    done
    # the banner lists the roles' connection properties, one "--name=value \" a line
    mapfile -t INFRA_ARGS < <(sed -n 's/^ *\(--[a-z][^ ]*=[^ ]*\) \\$/\1/p' "$WORK/infrastructure.log")
    [[ ${#INFRA_ARGS[@]} -gt 0 ]] || { log "no properties in the infrastructure banner"; exit 1; }
    JDBC_URL="$(printf '%s\n' "${INFRA_ARGS[@]}" | sed -n 's/^--spring.datasource.url=//p')"
    DB_USER="$(printf '%s\n' "${INFRA_ARGS[@]}" | sed -n 's/^--spring.datasource.username=//p')"
    log "infrastructure up: ${INFRA_ARGS[*]}"
}

start_roles() {
    OLLAMA_PORT=$(free_port)
    start_java SIM_PID simulator -jar "$SIMULATOR_JAR" --port "$OLLAMA_PORT" --slots 4 --latency-ms 200
    local pipeline_port workers_port
    pipeline_port=$(free_port)
    workers_port=$(free_port)
    start_java PIPELINE_PID pipeline -jar "$PIPELINE_JAR" "${INFRA_ARGS[@]}" --server.port="$pipeline_port"
    start_java WORKERS_PID workers -jar "$WORKERS_JAR" "${INFRA_ARGS[@]}" --server.port="$workers_port" \
        --askflow.ollama.url="http://127.0.0.1:$OLLAMA_PORT"
    API1_PORT=$(free_port); API1_MGMT=$(free_port)
    API2_PORT=$(free_port); API2_MGMT=$(free_port)
    local extra=()
    read -ra extra <<<"${FAILOVER_API_ARGS:-}"
    start_java API1_PID api-1 -jar "$API_JAR" "${INFRA_ARGS[@]}" --server.port="$API1_PORT" \
        --management.server.port="$API1_MGMT" --askflow.security.enabled=false "${extra[@]}"
    start_java API2_PID api-2 -jar "$API_JAR" "${INFRA_ARGS[@]}" --server.port="$API2_PORT" \
        --management.server.port="$API2_MGMT" --askflow.security.enabled=false "${extra[@]}"
    await_url "http://127.0.0.1:$pipeline_port/actuator/health" pipeline
    await_url "http://127.0.0.1:$workers_port/actuator/health/readiness" workers
    await_url "http://127.0.0.1:$API1_MGMT/actuator/health/readiness" api-1
    await_url "http://127.0.0.1:$API2_MGMT/actuator/health/readiness" api-2
    log "roles up: api-1 :$API1_PORT (pid $API1_PID), api-2 :$API2_PORT (pid $API2_PID)"
}

start_nginx() {
    NGINX_PORT=$(free_port)
    mkdir -p "$WORK/nginx/logs"
    # the deployed file, with only its upstream servers and its listen port replaced
    sed -e "/# upstream servers: begin/,/# upstream servers: end/c\\
        server 127.0.0.1:$API1_PORT max_fails=3 fail_timeout=5s;\\
        server 127.0.0.1:$API2_PORT max_fails=3 fail_timeout=5s;" \
        -e "s/^        listen 8080;/        listen 127.0.0.1:$NGINX_PORT;/" \
        "$ROOT/infra/deploy/nginx/nginx.conf" >"$WORK/nginx/nginx.conf"
    nginx -t -q -p "$WORK/nginx/" -c "$WORK/nginx/nginx.conf"
    nginx -p "$WORK/nginx/" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' >"$WORK/nginx.log" 2>&1 &
    NGINX_PID=$!
    await_url "http://127.0.0.1:$NGINX_PORT/v3/api-docs" nginx 30
    log "nginx (pid $NGINX_PID) on :$NGINX_PORT"
}

# the process and all its descendants
descendants() {
    local child
    echo "$1"
    for child in $(pgrep -P "$1" || true); do descendants "$child"; done
}

# CPU time (ms) a process and its living descendants used so far: utime + stime of /proc/PID/stat
cpu_ms() {
    local pid total=0 ticks
    ticks=$(getconf CLK_TCK)
    for pid in $(descendants "$1"); do
        [[ -r "/proc/$pid/stat" ]] || continue
        total=$((total + $(sed 's/^.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}')))
    done
    echo $((total * 1000 / ticks))
}

declare -A CPU_BEFORE CPU_AFTER
cpu_snapshot() {
    local into="$1" name; shift
    for name in "$@"; do
        local var="${name}_PID"
        if [[ "$into" == before ]]; then CPU_BEFORE[$name]=$(cpu_ms "${!var}"); else CPU_AFTER[$name]=$(cpu_ms "${!var}"); fi
    done
}

run_load() {
    local run_id
    run_id="$(date -u +%Y%m%dT%H%M%S)-$$"
    QUESTION="What does the failover check $run_id show?"
    printf '{"question": "%s"}' "$QUESTION" >"$WORK/body.json"
    log "ab -n $REQUESTS -c $CONCURRENCY, api-1 killed with SIGKILL after $KILL_AT requests"
    # -v 2: every answer's status line and headers (the job ids); -l: bodies differ in length (202 and 200);
    # -r: go on after a socket error (counted as a failure)
    ab -n "$REQUESTS" -c "$CONCURRENCY" -l -r -v 2 -s 60 -T application/json -p "$WORK/body.json" \
        "http://127.0.0.1:$NGINX_PORT/v1/jobs" >"$WORK/ab.out" 2>"$WORK/ab.err" &
    local ab_pid=$!
    cpu_snapshot before API1 API2 PIPELINE WORKERS INFRA NGINX
    for _ in $(seq 1 1200); do
        grep -q "Completed $KILL_AT requests" "$WORK/ab.err" 2>/dev/null && break
        kill -0 "$ab_pid" 2>/dev/null || break
        sleep 0.1
    done
    cpu_snapshot after API1
    kill -KILL "$API1_PID"
    KILLED_AT="$(grep -c '^LOG: header received' "$WORK/ab.out" || true)"
    log "api-1 killed (SIGKILL) after $KILLED_AT answers"
    wait "$ab_pid" || true
    AB_SECONDS=$(sed -n 's/^Time taken for tests: *\([0-9.]*\).*/\1/p' "$WORK/ab.out")
}

sql() {
    local rest="${JDBC_URL#jdbc:postgresql://}"
    local hostport="${rest%%/*}" database="${rest#*/}"
    database="${database%%\?*}"
    # on standard input: the list of accepted ids is longer than one command-line argument may be
    printf '%s\n' "$1" | psql -X -qAt -v ON_ERROR_STOP=1 -h "${hostport%%:*}" -p "${hostport##*:}" -U "$DB_USER" \
        -d "$database" -f -
}

check() {
    # status code and job id of every answer, in the order ab printed them
    python3 - "$WORK/ab.out" >"$WORK/answers.tsv" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
for block in text.split("LOG: header received:")[1:]:
    status = re.match(r"\s*HTTP/1\.[01] (\d{3})", block)
    job = re.search(r"^Location: /v1/jobs/([0-9a-f-]{36})", block, re.M)
    retry = re.search(r"^Retry-After:", block, re.M | re.I)
    print(f"{status.group(1) if status else '???'}\t{job.group(1) if job else '-'}\t{'retry-after' if retry else '-'}")
PY
    awk -F'\t' '$1 ~ /^2/ {print $2}' "$WORK/answers.tsv" | sort -u >"$WORK/accepted.txt"
    local accepted answers failed
    accepted=$(wc -l <"$WORK/accepted.txt")
    answers=$(wc -l <"$WORK/answers.tsv")
    failed=$(sed -n 's/^Failed requests: *//p' "$WORK/ab.out")
    local ids
    ids="$(sed "s/.*/('&')/" "$WORK/accepted.txt" | paste -sd, -)"
    log "waiting for the $accepted accepted jobs to end"
    local missing=0 not_completed=0
    for _ in $(seq 1 240); do
        read -r missing not_completed < <(sql "with a(id) as (values $ids)
            select count(*) filter (where j.id is null), count(*) filter (where j.status is distinct from 'COMPLETED')
            from a left join jobs j on j.id = a.id::uuid" | tr '|' ' ')
        [[ "$missing" -eq 0 && "$not_completed" -eq 0 ]] && break
        [[ "$missing" -ne 0 ]] && break   # a 2xx without its row never appears later
        sleep 1
    done
    cpu_snapshot after API2 PIPELINE WORKERS INFRA NGINX
    local name cpu=""
    for name in API1 API2 PIPELINE WORKERS INFRA NGINX; do
        cpu+="$(echo "$name" | tr 'A-Z' 'a-z') $(((CPU_AFTER[$name] - CPU_BEFORE[$name]))) ms, "
    done
    local per_upstream
    # POSTs only; a request nginx passed on after a refused connect names both instances ("api-1,api-2 502,202")
    per_upstream=$(grep '"POST /v1/jobs' "$WORK/nginx/logs/access.log" \
        | sed -n 's/.*upstream=\(.*\) upstream_status=\(.*\) upstream_time=.*/\1 \2/p' | sed 's/, /,/g' \
        | sed -e "s/127.0.0.1:$API1_PORT/api-1/g" -e "s/127.0.0.1:$API2_PORT/api-2/g" | sort | uniq -c \
        | awk '{printf "%s %s: %s, ", $2, $3, $1}')
    local rows sources runs
    rows=$(sql "select count(*) from jobs where question = '$QUESTION'")
    sources=$(sql "select status || '/' || coalesce(source, '-') || ' ' || count(*) from jobs
        where question = '$QUESTION' group by status, source order by 1" | paste -sd, -)
    runs=$(sql "select count(distinct run_id) from jobs where question = '$QUESTION'")
    local by_code bad_502=0 other=0 code count retry
    by_code=$(awk -F'\t' '{print $1}' "$WORK/answers.tsv" | sort | uniq -c | awk '{printf "%s %s, ", $2, $1}')
    while IFS=$'\t' read -r code count retry; do
        case "$code" in
            2??) ;;
            502) bad_502=$((bad_502 + count)) ;;
            503) [[ "$retry" == "retry-after" ]] || other=$((other + count)) ;;
            *) other=$((other + count)) ;;
        esac
    done < <(awk -F'\t' '$1 !~ /^2/ {n[$1 "\t" $3]++} END {for (k in n) {split(k, p, "\t"); print p[1] "\t" n[k] "\t" p[2]}}' \
        "$WORK/answers.tsv")
    local lost=$((missing + not_completed)) refused cut
    # what nginx saw of api-1's death: connects refused (passed on to api-2) and requests cut in flight (502)
    refused=$(grep -c 'connect() failed (111' "$WORK/nginx/logs/error.log" || true)
    cut=$(grep -cE 'prematurely closed|reset by peer' "$WORK/nginx/logs/error.log" || true)
    cat <<EOF

failover check: $REQUESTS POSTs, concurrency $CONCURRENCY, through nginx to api-1 and api-2
  api-1 killed with SIGKILL after           $KILLED_AT answers
  answers seen by ab                        $answers (ab's failed requests: ${failed:-0})
  by status                                 ${by_code%, }
  accepted (2xx, distinct job ids)          $accepted
  502 (in flight on api-1 at the kill)      $bad_502 (allowed: at most $CONCURRENCY)
  nginx: requests cut on api-1 / connects
    refused by api-1 and sent to api-2      $cut / $refused
  other non-2xx (not allowed)               $other
  accepted jobs without a row               $missing
  accepted jobs not COMPLETED               $not_completed
  lost                                      $lost
  rows for this run's question              $rows ($sources; chain runs: $runs)
  ab's time                                 ${AB_SECONDS} s ($(awk -v n="$answers" -v t="$AB_SECONDS" 'BEGIN {printf "%.0f", n / t}') answers/s)
  nginx: instance and status per request    ${per_upstream%, }
  CPU used from ab's start to the check
    (infra: the dev jar's JVM with Kafka,
    and Redis and PostgreSQL under it)      ${cpu%, }
EOF
    local verdict=0
    [[ "$answers" -eq "$REQUESTS" ]] || { echo "  FAIL: ab saw $answers answers of $REQUESTS"; verdict=1; }
    [[ "${failed:-0}" -eq 0 ]] || { echo "  FAIL: ab had failed requests"; verdict=1; }
    [[ "$bad_502" -le "$CONCURRENCY" ]] || { echo "  FAIL: more 502s than requests in flight"; verdict=1; }
    [[ "$other" -eq 0 ]] || { echo "  FAIL: non-2xx answers the rule does not allow"; verdict=1; }
    [[ "$lost" -eq 0 ]] || { echo "  FAIL: accepted jobs lost"; verdict=1; }
    [[ "$verdict" -eq 0 ]] && echo "  OK: lost = 0, every non-2xx allowed by the rule"
    return "$verdict"
}

main() {
    ensure_tools
    ensure_jars
    start_infrastructure
    start_roles
    start_nginx
    run_load
    check
}

# one line: bash has read all of it before it runs, so an edit of this file meanwhile cannot derail it
main "$@"; exit $?
