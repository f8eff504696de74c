# Sourced by the load scripts: one node of this build on loopback, started, awaited and stopped by PID.
#
# The generator is hundreds of clients on one or a few addresses, so the per-address limits (made for real clients)
# are lifted, and so is the bound on what one address may have stored (with every peer on one address, the joins
# queued at sign-in of 400 pairs, 800 x 800, would pass it).
# UNLIMITED= (empty) for a build from before those limits, which rejects their flags.
UNLIMITED="${UNLIMITED---max-connections-per-address 0 --sign-ins-per-address 0 --unknown-peers-per-address 0 --messages-per-peer 0}"
UNLIMITED_STORED="--max-address-stored-bytes 256m"
node_pid=""

# start_node LOG PORT MANAGEMENT_PORT CLUSTER_PORT [node flags...]: NODE_JAR (default target/signaling-server.jar)
# with NODE_JVM; sets node_pid and returns once the node reports ready, or exits naming its log.
start_node() {
  local log="$1" port="$2" management="$3" cluster="$4"
  shift 4
  # shellcheck disable=SC2086
  java ${NODE_JVM:-} -jar "${NODE_JAR:-target/signaling-server.jar}" --host 127.0.0.1 --port "$port" \
    --management-host 127.0.0.1 --management-port "$management" --cluster-host 127.0.0.1 \
    --cluster-port "$cluster" --cluster-name "load-$(date +%s)-$RANDOM" --drain-delay 0s "$@" > "$log" 2>&1 &
  node_pid=$!
  local deadline=$((SECONDS + 60))
  until curl -fsS "http://127.0.0.1:$management/health/ready" >/dev/null 2>&1; do
    kill -0 "$node_pid" 2>/dev/null || { echo "$(basename "$0"): the node died; see $log" >&2; exit 1; }
    [ $SECONDS -lt $deadline ] || { echo "$(basename "$0"): the node is not ready; see $log" >&2; exit 1; }
    sleep 0.2
  done
}

# stop_node: SIGTERM to the node started last, and wait for it.
stop_node() {
  [ -n "$node_pid" ] || return 0
  kill -TERM "$node_pid" 2>/dev/null || true
  wait "$node_pid" 2>/dev/null || true
  node_pid=""
}
