#!/usr/bin/env bash
# SkiffMQ against Apache RocketMQ 5.2.0 on this machine, in one run, with the same load.
# See docs/benchmarks.md for what each row means and the latest figures.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/compare.sh [--runs N] [--seconds S] [--warmup S] [--quick] [--no-replicated]
                        [--replicated-only] [--no-secured] [--secured-only] [--jfr DIR] [--keep]

Starts Apache RocketMQ 5.2.0 (name server and broker, each its own JVM, from the Maven Central
artifacts) and SkiffMQ (the distribution's bin/skiff standalone) in turn on 127.0.0.1, drives
each with the same load (bin/skiff bench produce, the official RocketMQ client, in its own JVM)
and prints medians side by side with the ratio SkiffMQ / RocketMQ.

  --runs N      repeat everything N times, report medians             [3]
  --seconds S   measured seconds per row                               [20]
  --warmup S    warm-up seconds per row, not measured                  [5]
  --quick       2 s per row after 1 s warm-up, one run (CI smoke test)
  --no-replicated    leave out the replicated rows (three-member groups)
  --replicated-only  only the replicated rows
  --no-secured       leave out the access-control and TLS rows
  --secured-only     only the access-control and TLS rows
  --jfr DIR     record a JFR profile of each broker into DIR (skews the figures a little)
  --keep        keep the work folder (logs, data) instead of deleting it
  --help        this text

Rows: 1 KiB sync sends with 1, 4, 16, 64 threads (async flush); 16 threads under sync flush;
16 KiB bodies at 16 threads; 1 KiB transactional sends at 16 threads (official
TransactionMQProducer, committed in the local callback, async flush); broker CPU seconds per 100k messages; broker RSS after the same
work (a fresh async broker, 200k 1 KiB sends at 16 threads: both brokers store the same bytes)
and after the timed async rows; SkiffMQ with the discard store, warmed up like the others (the
ceiling of transport and client); SkiffMQ at 16 threads with its metrics off, then with its
message index off (what recording them costs); startup time; size.

Replicated rows (leave out with --no-replicated): a three-member SkiffMQ raft group (store
engine raft, flush sync) against a three-node RocketMQ DLedger group (enableDLegerCommitLog,
flushDiskType SYNC_FLUSH), each with its own name server: 1 KiB sync sends at 4 and 16 threads
and p99 at 16; then a failover, taken idle: the member registered as brokerId 0 is SIGKILLed
and a fresh probe client (bin/skiff bench probe) is started at once; the row is ms from the
kill to its first stored send (below it, a fresh probe client's own start to first stored send
on the healthy group). Also SkiffMQ's group under flush async, which acknowledges what DLedger
does (a majority has the entry written, not yet forced to disk).

Secured rows (leave out with --no-secured): 1 KiB sync sends at 16 threads, async flush, with
access control on (SkiffMQ's plain-acl; RocketMQ's ACL 1.0, aclEnable=true; the load signs with
the official AclClientRPCHook as a user allowed to publish), then with TLS enforcing on the
broker's and name server's ports (both from transport-netty's test certificate; the load
connects with setUseTLS(true)). Each after a 4-thread warm-up row.

Brokers get -Xms1g -Xmx1g (SKIFF_COMPARE_HEAP overrides); each group member and the groups'
name servers -Xms512m -Xmx512m (SKIFF_COMPARE_MEMBER_HEAP overrides). The distribution and
RocketMQ's class path are built or resolved with Maven first when missing.
EOF
}

RUNS=3 MEASURE=20 WARMUP=5 QUICK=0 KEEP=0 JFR_DIR="" SAME_WORK=200000 STANDALONE=1 REPLICATED=1 SECURED=1
while [ $# -gt 0 ]; do
  case "$1" in
    --help|-h) usage; exit 0 ;;
    --runs|--seconds|--warmup|--jfr)
      if [ $# -lt 2 ]; then echo "compare.sh: $1 needs a value; see --help" >&2; exit 2; fi
      case "$1" in
        --jfr) JFR_DIR=$2 ;;
        *) if ! [[ "$2" =~ ^[0-9]+$ ]] || [ "$2" -lt 1 ]; then
             echo "compare.sh: $1 must be a whole number of 1 or more; was '$2'" >&2; exit 2
           fi
           case "$1" in --runs) RUNS=$2 ;; --seconds) MEASURE=$2 ;; --warmup) WARMUP=$2 ;; esac ;;
      esac
      shift 2 ;;
    --quick) QUICK=1; RUNS=1; MEASURE=2; WARMUP=1; SAME_WORK=2000; shift ;;
    --keep) KEEP=1; shift ;;
    --no-replicated) REPLICATED=0; shift ;;
    --replicated-only) STANDALONE=0; SECURED=0; shift ;;
    --no-secured) SECURED=0; shift ;;
    --secured-only) STANDALONE=0; REPLICATED=0; shift ;;
    *) echo "compare.sh: unknown option '$1'; see --help" >&2; exit 2 ;;
  esac
done
if [ "$STANDALONE" = 0 ] && [ "$REPLICATED" = 0 ] && [ "$SECURED" = 0 ]; then
  echo "compare.sh: --no-replicated, --replicated-only, --no-secured and --secured-only as given leave nothing to measure; see --help" >&2; exit 2
fi

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIST="$ROOT/dist/target/skiffmq"
SKIFF="$DIST/bin/skiff"
DISCARD_ZIP="$ROOT/bench/target/discard-store.zip"
RMQ_CP_FILE="$ROOT/bench/target/rocketmq.classpath"
HEAP=${SKIFF_COMPARE_HEAP:--Xms1g -Xmx1g}
JVM_OPTS="$HEAP -XX:+UseG1GC"
# Three members and a name server run at once in the replicated rows: a smaller heap each.
MEMBER_HEAP=${SKIFF_COMPARE_MEMBER_HEAP:--Xms512m -Xmx512m}
MEMBER_JVM_OPTS="$MEMBER_HEAP -XX:+UseG1GC"
CLK_TCK=$(getconf CLK_TCK)

say() { printf '%s\n' "$*" >&2; }
now_ms() { date +%s%3N; }

for tool in java mvn ss; do
  command -v "$tool" >/dev/null || { say "compare.sh: '$tool' is not installed; it is needed to build and measure"; exit 1; }
done

# --- what is measured: built or resolved when missing --------------------------------------
maven() { (cd "$ROOT" && { mvn -o -q "$@" || mvn -q "$@"; }) >&2; }
if [ ! -x "$SKIFF" ] || [ ! -d "$DIST/bench" ] || [ ! -f "$DISCARD_ZIP" ] || [ ! -f "$DIST/plugins/store-raft.zip" ]; then
  say "Building the distribution and the discard store (mvn -pl dist -am package -DskipTests)..."
  maven -pl dist -am package -DskipTests
fi
if [ ! -s "$RMQ_CP_FILE" ]; then
  say "Resolving Apache RocketMQ 5.2.0's class path from Maven Central (bench/rocketmq/pom.xml)..."
  mkdir -p "$(dirname "$RMQ_CP_FILE")"
  maven -f bench/rocketmq/pom.xml dependency:build-classpath -Dmdep.outputFile="$RMQ_CP_FILE"
fi
RMQ_CP=$(cat "$RMQ_CP_FILE")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/skiff-compare.XXXXXX")
# Run from copies, so a build in the same tree during the measurement cannot change them.
cp -r "$DIST" "$WORK/skiffmq"
cp "$DISCARD_ZIP" "$WORK/discard-store.zip"
rm -rf "$WORK/skiffmq/data" "$WORK/skiffmq/logs"
DIST="$WORK/skiffmq" SKIFF="$WORK/skiffmq/bin/skiff" DISCARD_ZIP="$WORK/discard-store.zip"
RESULTS="$WORK/results.tsv"
: > "$RESULTS"
PIDS=()

# --- processes: every one started is stopped, also on Ctrl-C --------------------------------
stop_pid() {
  local pid=$1
  kill "$pid" 2>/dev/null || return 0
  # RocketMQ's broker can take over 10 s to shut down; SIGKILL only after 30 s.
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}
stop_all() {
  local pid
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  PIDS=()
}
cleanup() {
  stop_all
  if [ "$KEEP" = 1 ]; then say "Work folder kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'say "compare.sh: interrupted; stopping the brokers"; exit 130' INT TERM

port_free() { ! ss -Htln | awk '{print $4}' | grep -Eq "[:.]$1\$"; }
# A port p with p-2 (RocketMQ's fast port) and p+1 free as well.
pick_port() {
  local p
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 30000))
    if port_free "$p" && port_free $((p - 2)) && port_free $((p + 1)); then echo "$p"; return; fi
  done
  say "compare.sh: found no free port on 127.0.0.1"; exit 1
}

# utime + stime (fields 14 and 15 of /proc/<pid>/stat; 12 and 13 after the ") " that ends the name).
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
rss_kib() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
jfr_opt() { [ -n "$JFR_DIR" ] && echo "-XX:StartFlightRecording=filename=$JFR_DIR/$1.jfr,settings=profile" || true; }

BROKER_PID="" NAMESRV="" STARTUP_MS=""

# Waits until a send is stored; STARTUP_MS is the time from $1 (ms) to that send.
await_ready() {
  local started=$1 log=$2 out
  # shellcheck disable=SC2086
  if ! out=$("$SKIFF" bench probe --namesrv "$NAMESRV" --topic StartupProbe --timeout 120000 ${LOAD_EXTRA:-} 2>>"$log"); then
    say "compare.sh: the broker did not accept a send within 120 s; see $log"; exit 1
  fi
  STARTUP_MS=$(( $(sed -n 's/^READY epoch_ms=\([0-9]*\).*/\1/p' <<<"$out") - started ))
}

start_rocketmq() { # flush (async|sync), label
  local flush=$1 dir="$WORK/$2" ns_port broker_port started
  mkdir -p "$dir"
  ns_port=$(pick_port); broker_port=$(pick_port)
  NAMESRV="127.0.0.1:$ns_port"
  printf 'listenPort=%s\nbindAddress=127.0.0.1\n' "$ns_port" > "$dir/namesrv.properties"
  cat > "$dir/broker.conf" <<EOF
brokerClusterName=DefaultCluster
brokerName=rmq-broker-a
brokerId=0
namesrvAddr=$NAMESRV
brokerIP1=127.0.0.1
brokerIP2=127.0.0.1
bindAddress=127.0.0.1
listenPort=$broker_port
haListenPort=$((broker_port + 1))
storePathRootDir=$dir/store
storePathCommitLog=$dir/store/commitlog
flushDiskType=$( [ "$flush" = sync ] && echo SYNC_FLUSH || echo ASYNC_FLUSH )
autoCreateTopicEnable=true
timerWheelEnable=false
${RMQ_EXTRA:-}
EOF
  if [ -n "${RMQ_ACL_FILE:-}" ]; then mkdir -p "$dir/conf"; cp "$RMQ_ACL_FILE" "$dir/conf/plain_acl.yml"; fi
  started=$(now_ms)
  # RocketMQ's startup classes set rocketmq.remoting.version themselves; user.home keeps its
  # logs (~/logs/rocketmqlogs) in the work folder.
  # shellcheck disable=SC2046
  # shellcheck disable=SC2086
  java $JVM_OPTS ${RMQ_JVM_EXTRA:-} -Duser.home="$dir" -Drocketmq.home.dir="$dir" -cp "$RMQ_CP" \
    org.apache.rocketmq.namesrv.NamesrvStartup -c "$dir/namesrv.properties" > "$dir/namesrv.out" 2>&1 &
  PIDS+=($!)
  # shellcheck disable=SC2046,SC2086
  java $JVM_OPTS ${RMQ_JVM_EXTRA:-} $(jfr_opt "$2") -Duser.home="$dir" -Drocketmq.home.dir="$dir" -cp "$RMQ_CP" \
    org.apache.rocketmq.broker.BrokerStartup -c "$dir/broker.conf" > "$dir/broker.out" 2>&1 &
  BROKER_PID=$!
  PIDS+=("$BROKER_PID")
  await_ready "$started" "$dir/probe.log"
}

start_skiff() { # flush (async|sync; the discard store has no such setting), engine (mmap|discard), label
  local flush=$1 engine=$2 dir="$WORK/$3" started
  mkdir -p "$dir/plugins"
  cp "$DISCARD_ZIP" "$dir/plugins/"
  NAMESRV="127.0.0.1:$(pick_port)"
  cat > "$dir/broker.yaml" <<EOF
listen: 127.0.0.1:$(pick_port)
nameServerListen: $NAMESRV
store: { engine: $engine, dir: '$dir/data'$( [ "$engine" = discard ] || echo ", flush: $flush" )${STORE_EXTRA:-} }
plugins: { dir: '$dir/plugins' }
metrics: { enabled: ${METRICS:-true}, listen: 127.0.0.1:0 }
${SKIFF_EXTRA:-}
EOF
  cp "$DIST"/plugins/plain-acl.zip "$dir/plugins/"
  started=$(now_ms)
  SKIFF_JAVA_OPTS="$JVM_OPTS $(jfr_opt "$3")" "$SKIFF" standalone --config "$dir/broker.yaml" > "$dir/broker.out" 2>&1 &
  BROKER_PID=$!
  PIDS+=("$BROKER_PID")
  await_ready "$started" "$dir/probe.log"
}

# One row's load; appends "broker row run key value" lines to the results.
load() { # broker, run, row, threads, size, [cpu]; MODE=transaction for a transactional row
  local broker=$1 run=$2 row=$3 threads=$4 size=$5 cpu=${6:-} out c0 c1 line
  say "  $broker · $row · run $run"
  c0=$(cpu_ticks "$BROKER_PID")
  # shellcheck disable=SC2086
  out=$("$SKIFF" bench produce --namesrv "$NAMESRV" --threads "$threads" --size "$size" --mode "${MODE:-sync}" \
        --seconds "$MEASURE" --warmup "$WARMUP" --no-progress --topic "Bench$size" ${LOAD_EXTRA:-} 2>>"$WORK/load.err") || {
    say "compare.sh: the load tool failed against $broker ($row); see $WORK/load.err"; exit 1; }
  c1=$(cpu_ticks "$BROKER_PID")
  line=$(grep '^RESULT ' <<<"$out")
  for key in tps p99_ms errors total; do
    printf '%s\t%s\t%s\t%s\t%s\n' "$broker" "$row/$key" "$run" "$key" \
      "$(sed -n "s/.* $key=\([0-9.]*\).*/\1/p" <<<" ${line#RESULT }")" >> "$RESULTS"
  done
  if [ -n "$cpu" ]; then
    local total
    total=$(sed -n 's/.* total=\([0-9]*\).*/\1/p' <<<"$line")
    awk -v d=$((c1 - c0)) -v hz="$CLK_TCK" -v n="$total" -v b="$broker" -v r="$run" \
      'BEGIN { if (n > 0) printf "%s\tcpu100k\t%s\tcpu\t%.3f\n", b, r, d / hz / n * 100000 }' >> "$RESULTS"
  fi
}

# The same work for every broker: a fixed number of sends, then its memory.
same_work() { # broker, run
  local out
  say "  $1 · $SAME_WORK sends, then RSS · run $2"
  out=$("$SKIFF" bench produce --namesrv "$NAMESRV" --threads 16 --size 1024 --warmup 0 \
        --messages "$SAME_WORK" --no-progress --topic BenchSameWork 2>>"$WORK/load.err") || {
    say "compare.sh: the load tool failed against $1 (same work); see $WORK/load.err"; exit 1; }
  record "$1" same_rss_mib "$2" "$(( $(rss_kib "$BROKER_PID" VmRSS) / 1024 ))"
  record "$1" same_rss_anon_mib "$2" "$(( $(rss_kib "$BROKER_PID" RssAnon) / 1024 ))"
}

record() { printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$2" "$4" >> "$RESULTS"; }

# --- access control and TLS: the same 16-thread row with each turned on, on both brokers ------
# The load signs as a user allowed to publish (AclClientRPCHook) or connects with TLS; RocketMQ
# runs ACL 1.0 (aclEnable, conf/plain_acl.yml) and TLS from the same test certificate and key.
TLS_DIR="$ROOT/transport-netty/src/test/resources/tls"
write_acl_file() { # path
  printf '%s\n' "accounts:" \
    "  - { accessKey: bench-broker, secretKey: bench-broker-secret, admin: true }" \
    "  - { accessKey: bench-user, secretKey: bench-secret-key, defaultTopicPerm: PUB, defaultGroupPerm: SUB }" > "$1"
}

measure_secured() { # broker (rocketmq|skiffmq), run
  local b=$1 r=$2 dir="$WORK/secured-$1-$2"
  mkdir -p "$dir"
  write_acl_file "$dir/plain_acl.yml"
  say "$b, access control on (run $r/$RUNS)"
  LOAD_EXTRA="--access-key bench-user --secret-key bench-secret-key"
  if [ "$b" = rocketmq ]; then
    RMQ_EXTRA="aclEnable=true" RMQ_ACL_FILE="$dir/plain_acl.yml" start_rocketmq async "rmq-acl-$r"
  else
    SKIFF_EXTRA="access: { control: plain-acl }
plain-acl: { file: '$dir/plain_acl.yml', brokerUser: bench-broker }" start_skiff async mmap "skiff-acl-$r"
  fi
  load "$b-secured-warm" "$r" t4 4 1024
  load "$b" "$r" acl16 16 1024
  stop_all
  rm -rf "$WORK"/*/data "$WORK"/*/store
  say "$b, TLS enforcing (run $r/$RUNS)"
  LOAD_EXTRA="--tls"
  if [ "$b" = rocketmq ]; then
    local tls="-Dtls.server.mode=enforcing -Dtls.test.mode.enable=false -Dtls.enable=true"
    tls+=" -Dtls.server.certPath=$TLS_DIR/server.pem -Dtls.server.keyPath=$TLS_DIR/server.key"
    tls+=" -Dtls.server.need.client.auth=none"
    RMQ_JVM_EXTRA="$tls" start_rocketmq async "rmq-tls-$r"
  else
    SKIFF_EXTRA="transport: { tls: { mode: enforcing, cert: '$TLS_DIR/server.pem', key: '$TLS_DIR/server.key' } }" \
      start_skiff async mmap "skiff-tls-$r"
  fi
  load "$b-secured-warm" "$r" t4 4 1024
  load "$b" "$r" tls16 16 1024
  stop_all
  rm -rf "$WORK"/*/data "$WORK"/*/store
  LOAD_EXTRA=""
}

measure_broker() { # broker (rocketmq|skiffmq), run
  local b=$1 r=$2
  say "$b, async flush (run $r/$RUNS)"
  if [ "$b" = rocketmq ]; then start_rocketmq async "rmq-async-$r"; else start_skiff async mmap "skiff-async-$r"; fi
  record "$b" startup_ms "$r" "$STARTUP_MS"
  load "$b" "$r" t1 1 1024
  load "$b" "$r" t4 4 1024
  load "$b" "$r" t16 16 1024 cpu
  load "$b" "$r" t64 64 1024
  load "$b" "$r" big16 16 16384
  MODE=transaction load "$b" "$r" tx16 16 1024
  record "$b" rss_mib "$r" "$(( $(rss_kib "$BROKER_PID" VmRSS) / 1024 ))"
  record "$b" rss_anon_mib "$r" "$(( $(rss_kib "$BROKER_PID" RssAnon) / 1024 ))"
  stop_all
  rm -rf "$WORK"/*/data "$WORK"/*/store
  say "$b, async flush, same work (run $r/$RUNS)"
  if [ "$b" = rocketmq ]; then start_rocketmq async "rmq-same-$r"; else start_skiff async mmap "skiff-same-$r"; fi
  same_work "$b" "$r"
  stop_all
  rm -rf "$WORK"/*/data "$WORK"/*/store
  say "$b, sync flush (run $r/$RUNS)"
  if [ "$b" = rocketmq ]; then start_rocketmq sync "rmq-sync-$r"; else start_skiff sync mmap "skiff-sync-$r"; fi
  load "$b" "$r" sync16 16 1024
  stop_all
  rm -rf "$WORK"/*/data "$WORK"/*/store
  if [ "$b" = skiffmq ]; then
    say "skiffmq, discard store (run $r/$RUNS)"
    start_skiff async discard "skiff-discard-$r"
    # The same rows before t16 as the mmap broker had, so the ceiling is not measured cold.
    load discard-warm "$r" t1 1 1024
    load discard-warm "$r" t4 4 1024
    load discard "$r" t16 16 1024
    stop_all
    # What recording costs: the same rows with the metrics off, then with the message index off.
    say "skiffmq, metrics off (run $r/$RUNS)"
    METRICS=false start_skiff async mmap "skiff-nometrics-$r"
    load skiff-nometrics-warm "$r" t1 1 1024
    load skiff-nometrics-warm "$r" t4 4 1024
    load skiff-nometrics "$r" t16 16 1024 cpu
    stop_all
    rm -rf "$WORK"/*/data
    say "skiffmq, message index off (run $r/$RUNS)"
    STORE_EXTRA=", messageIndex: false" start_skiff async mmap "skiff-noindex-$r"
    load skiff-noindex-warm "$r" t1 1 1024
    load skiff-noindex-warm "$r" t4 4 1024
    load skiff-noindex "$r" t16 16 1024 cpu
    stop_all
    rm -rf "$WORK"/*/data
  fi
}

# --- replicated: three members of one group on this machine, an external name server ----------
MEMBER_PIDS=() MEMBER_PORTS=() LEADER="" LEADER_PID=""

# A group is ready once the name server routes to a master and a send through it is stored. The
# probe starts only after the first: a RocketMQ client that first looks a new topic up while the
# route has slaves but no master (DLedger's followers register before the leader does) keeps
# that empty route for the topic and never sends. So no startup figure is taken for groups.
await_group() { # folder
  find_leader "$1/leader.log"
  await_ready "$(now_ms)" "$1/probe.log"
}

start_rocketmq_group() { # label
  local base="$WORK/$1" ns_port peers="" i
  local -a port=() raft=()
  mkdir -p "$base"
  ns_port=$(pick_port)
  NAMESRV="127.0.0.1:$ns_port"
  for i in 0 1 2; do
    port[i]=$(pick_port); raft[i]=$(pick_port)
    peers+="${peers:+;}n$i-127.0.0.1:${raft[i]}"
  done
  printf 'listenPort=%s\nbindAddress=127.0.0.1\n' "$ns_port" > "$base/namesrv.properties"
  for i in 0 1 2; do
    mkdir -p "$base/n$i"
    # RocketMQ's distribution/conf/dledger/broker-n0.conf with this machine's ports and folders,
    # plus the settings of the single broker above. flushDiskType is set as asked, but DLedger
    # does not read it: DLedgerCommitLog answers once a majority has appended the entry (written
    # to its mmap file, not forced), and DLedger's own FlushDataService forces the files every
    # flushFileInterval (10 ms, not settable from broker.conf). So DLedger acknowledges what
    # SkiffMQ's flush: async acknowledges; the SkiffMQ async group below shows that figure too.
    cat > "$base/n$i/broker.conf" <<EOF
brokerClusterName=RaftCluster
brokerName=RaftNode00
namesrvAddr=$NAMESRV
brokerIP1=127.0.0.1
brokerIP2=127.0.0.1
bindAddress=127.0.0.1
listenPort=${port[i]}
haListenPort=$((port[i] + 1))
storePathRootDir=$base/n$i/store
storePathCommitLog=$base/n$i/store/commitlog
enableDLegerCommitLog=true
dLegerGroup=RaftNode00
dLegerPeers=$peers
dLegerSelfId=n$i
sendMessageThreadPoolNums=16
flushDiskType=SYNC_FLUSH
autoCreateTopicEnable=true
timerWheelEnable=false
EOF
  done
  # shellcheck disable=SC2086
  java $MEMBER_JVM_OPTS -Duser.home="$base" -Drocketmq.home.dir="$base" -cp "$RMQ_CP" \
    org.apache.rocketmq.namesrv.NamesrvStartup -c "$base/namesrv.properties" > "$base/namesrv.out" 2>&1 &
  PIDS+=($!)
  MEMBER_PIDS=() MEMBER_PORTS=()
  for i in 0 1 2; do
    # shellcheck disable=SC2046,SC2086
    java $MEMBER_JVM_OPTS $(jfr_opt "$1-n$i") -Duser.home="$base/n$i" -Drocketmq.home.dir="$base/n$i" \
      -cp "$RMQ_CP" org.apache.rocketmq.broker.BrokerStartup -c "$base/n$i/broker.conf" > "$base/n$i/broker.out" 2>&1 &
    MEMBER_PIDS[i]=$!; MEMBER_PORTS[i]=${port[i]}
    PIDS+=($!)
  done
  await_group "$base"
}

start_skiff_group() { # flush (async|sync), label
  local flush=$1 base="$WORK/$2" peers="" i
  local -a port=() raft=()
  mkdir -p "$base/plugins"
  cp "$DIST/plugins/store-raft.zip" "$base/plugins/"
  NAMESRV="127.0.0.1:$(pick_port)"
  for i in 0 1 2; do
    port[i]=$(pick_port); raft[i]=$(pick_port)
    peers+="${peers:+, }{ id: n$i, address: '127.0.0.1:${raft[i]}' }"
  done
  for i in 0 1 2; do
    # The distribution's conf/raft/broker-n0.yaml with this machine's ports and folders. Each
    # member's configuration file has its own name: bin/skiff names its log file after it.
    cat > "$base/$2-n$i.yaml" <<EOF
brokerName: skiff-r
listen: 127.0.0.1:${port[i]}
nameServer: $NAMESRV
store: { engine: raft, dir: '$base/n$i/data', flush: $flush, self: n$i, group: skiff-r, peers: [ $peers ] }
plugins: { dir: '$base/plugins' }
EOF
  done
  SKIFF_JAVA_OPTS="$MEMBER_JVM_OPTS" "$SKIFF" namesrv --listen "$NAMESRV" > "$base/namesrv.out" 2>&1 &
  PIDS+=($!)
  MEMBER_PIDS=() MEMBER_PORTS=()
  for i in 0 1 2; do
    mkdir -p "$base/n$i"
    SKIFF_JAVA_OPTS="$MEMBER_JVM_OPTS $(jfr_opt "$2-n$i")" "$SKIFF" broker --config "$base/$2-n$i.yaml" \
      > "$base/n$i/broker.out" 2>&1 &
    MEMBER_PIDS[i]=$!; MEMBER_PORTS[i]=${port[i]}
    PIDS+=($!)
  done
  await_group "$base"
}

# The member the name server routes sends to: brokerId 0 in the route of TBW102 (the template
# topic; both systems register it with the master's topics), as RocketMQ's own admin tool prints
# it (mqadmin topicRoute). Waits up to 120 s for one; sets LEADER (n0..n2) and LEADER_PID.
find_leader() { # log
  local out addr i deadline=$(( $(now_ms) + 120000 ))
  while [ "$(now_ms)" -lt "$deadline" ]; do
    out=$(java -Xmx256m -Duser.home="$WORK/mqadmin" -cp "$RMQ_CP" org.apache.rocketmq.tools.command.MQAdminStartup \
          topicRoute -n "$NAMESRV" -t TBW102 2>>"$1") || true
    printf '%s\n' "$out" >> "$1"
    # "brokerAddrs":{0:"127.0.0.1:port",1:...} (or "0":...; fastjson, one pair a line or not).
    addr=$(grep -Eo '(^|[^0-9])"?0"?[[:space:]]*:[[:space:]]*"[0-9.]+:[0-9]+"' <<<"$out" |
           sed -E 's/.*"([0-9.]+:[0-9]+)"$/\1/' | head -1) || true
    for i in 0 1 2; do
      if [ -n "$addr" ] && [ "$addr" = "127.0.0.1:${MEMBER_PORTS[i]}" ]; then
        LEADER=n$i LEADER_PID=${MEMBER_PIDS[i]}; return
      fi
    done
    sleep 0.5
  done
  say "compare.sh: the name server $NAMESRV routed to no member as brokerId 0 within 120 s; see $1"; exit 1
}

# Failover, taken idle (after the timed rows, nothing sending): first a fresh probe client
# against the healthy group (its own JVM start, client start and route look-up, to set the
# failover figure against), then the leader is SIGKILLed and a fresh probe client is started at
# once; the row is the ms from the kill to its first stored send. The name servers of both
# systems drop a broker whose connection closes, so the probe finds the route without the dead
# leader and polls it until the new leader registers as brokerId 0.
failover() { # broker, run, label
  local log="$WORK/$3/failover.log" killed
  await_ready "$(now_ms)" "$log"
  record "$1" repl_probe_ms "$2" "$STARTUP_MS"
  find_leader "$log"
  say "  $1 · failover: SIGKILL of leader $LEADER (pid $LEADER_PID) · run $2"
  disown "$LEADER_PID" 2>/dev/null || true # no "Killed" notice from bash; it is still reaped
  killed=$(now_ms)
  kill -9 "$LEADER_PID"
  # Out of PIDS, so stop_all cannot signal whatever process is given that id next.
  local pid kept=()
  for pid in "${PIDS[@]}"; do [ "$pid" = "$LEADER_PID" ] || kept+=("$pid"); done
  PIDS=("${kept[@]}")
  await_ready "$killed" "$log"
  record "$1" failover_ms "$2" "$STARTUP_MS"
}

measure_group() { # broker (rocketmq|skiffmq), run
  local b=$1 r=$2 label
  say "$b, three-member group, sync flush (run $r/$RUNS)"
  if [ "$b" = rocketmq ]; then
    label=rmq-dledger-$r; start_rocketmq_group "$label"
  else
    label=skiff-raft-$r; start_skiff_group sync "$label"
  fi
  BROKER_PID=$LEADER_PID
  load "$b" "$r" repl4 4 1024
  load "$b" "$r" repl16 16 1024
  failover "$b" "$r" "$label"
  stop_all
  rm -rf "$WORK"/*/n?/data "$WORK"/*/n?/store
  if [ "$b" = skiffmq ]; then
    say "skiffmq, three-member group, async flush (run $r/$RUNS)"
    label=skiff-raft-async-$r
    start_skiff_group async "$label"
    BROKER_PID=$LEADER_PID
    # The same row before as the sync group had, so 16 threads are not measured cold.
    load skiff-async-warm "$r" repl4 4 1024
    load skiff-async "$r" repl16 16 1024
    stop_all
    rm -rf "$WORK"/*/n?/data
  fi
}

[ -n "$JFR_DIR" ] && mkdir -p "$JFR_DIR"
say "Work folder $WORK; $RUNS run(s), ${WARMUP} s warm-up + ${MEASURE} s per row."
for r in $(seq 1 "$RUNS"); do
  # Alternate which broker goes first, so neither always meets a warmer or cooler machine.
  if [ $((r % 2)) = 1 ]; then order="rocketmq skiffmq"; else order="skiffmq rocketmq"; fi
  for b in $order; do
    if [ "$STANDALONE" = 1 ]; then measure_broker "$b" "$r"; fi
    if [ "$REPLICATED" = 1 ]; then measure_group "$b" "$r"; fi
    if [ "$SECURED" = 1 ]; then measure_secured "$b" "$r"; fi
  done
done

# --- the table ----------------------------------------------------------------------------
median() { # broker key
  awk -F'\t' -v b="$1" -v k="$2" '$1 == b && $2 == k { print $5 }' "$RESULTS" | sort -g |
    awk '{ v[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
jar_mib() { awk 'BEGIN { s = 0 } { s += $1 } END { printf "%.1f", s / 1048576 }' < <(stat -c %s "$@"); }

row() { # label, key, format
  local rmq sk ratio
  rmq=$(median rocketmq "$2"); sk=$(median skiffmq "$2")
  ratio=$(awk -v a="$sk" -v b="$rmq" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "-"; else printf "%.2f", a / b }')
  printf "%-44s %14s %14s %10s\n" "$1" "$(printf "$3" "${rmq:-0}")" "$(printf "$3" "${sk:-0}")" "$ratio"
}

IFS=: read -r -a rmq_jars <<<"$RMQ_CP"
# Failed sends of the load rows: single brokers (discard store in SkiffMQ's column) or groups.
errors() { # rocketmq|skiffmq, single|group
  awk -F'\t' -v side="$1" -v part="$2" '($1 == "rocketmq") == (side == "rocketmq") && $4 == "errors" &&
    ($2 ~ /^repl/) == (part == "group") { s += $5 } END { print s + 0 }' "$RESULTS"
}
line() { printf "%-44s %14s %14s %10s\n" "$@"; }
echo
echo "SkiffMQ vs Apache RocketMQ 5.2.0 · medians of $RUNS run(s) · ${WARMUP} s warm-up + ${MEASURE} s per row"
echo "$(nproc) cores · $(java -version 2>&1 | head -1) · load: bin/skiff bench produce (sync sends)"
echo "heap: single brokers $HEAP; group members and their name servers $MEMBER_HEAP"
echo
line "row" "RocketMQ" "SkiffMQ" "Skiff/RMQ"
line "---" "--------" "-------" "---------"
if [ "$STANDALONE" = 1 ]; then
  row "1 KiB, 1 thread, async flush (msg/s)"      t1/tps     "%.0f"
  row "1 KiB, 4 threads, async flush (msg/s)"     t4/tps     "%.0f"
  row "1 KiB, 16 threads, async flush (msg/s)"    t16/tps    "%.0f"
  row "1 KiB, 64 threads, async flush (msg/s)"    t64/tps    "%.0f"
  row "1 KiB, 16 threads, sync flush (msg/s)"     sync16/tps "%.0f"
  row "16 KiB, 16 threads, async flush (msg/s)"   big16/tps  "%.0f"
  row "1 KiB transactions, 16 threads (msg/s)"    tx16/tps   "%.0f"
  row "p99 ms, 1 KiB, 16 threads, async flush"    t16/p99_ms "%.2f"
  row "p99 ms, 1 KiB, 16 threads, sync flush"     sync16/p99_ms "%.2f"
  row "broker CPU s per 100k msgs (16 threads)"   cpu100k    "%.2f"
  row "broker RSS MiB after the same $SAME_WORK sends" same_rss_mib "%.0f"
  row "  of which anonymous (heap, native) MiB"   same_rss_anon_mib "%.0f"
  row "broker RSS MiB after the timed async rows" rss_mib    "%.0f"
  row "  of which anonymous (heap, native) MiB"   rss_anon_mib "%.0f"
  row "startup ms (start to first stored send)"   startup_ms "%.0f"
  line "errors (single-broker rows, all runs)" "$(errors rocketmq single)" "$(errors skiffmq single)" ""
fi
if [ "$SECURED" = 1 ]; then
  line "secured, 1 KiB, 16 threads, async flush" "" "" ""
  row "  access control on (msg/s)"                 acl16/tps      "%.0f"
  row "  TLS enforcing (msg/s)"                     tls16/tps      "%.0f"
  row "  p99 ms, access control on"                 acl16/p99_ms   "%.2f"
  row "  p99 ms, TLS enforcing"                     tls16/p99_ms   "%.2f"
  secured_errors() { awk -F'\t' -v side="$1" '($1 == "rocketmq") == (side == "rocketmq") && $4 == "errors" &&
    $2 ~ /^(acl16|tls16)\// { s += $5 } END { print s + 0 }' "$RESULTS"; }
  line "  errors (secured rows, all runs)" "$(secured_errors rocketmq)" "$(secured_errors skiffmq)" ""
fi
if [ "$REPLICATED" = 1 ]; then
  line "3 members: SkiffMQ raft, RocketMQ DLedger" "" "" ""
  row "  1 KiB, 4 threads, sync flush (msg/s)"      repl4/tps       "%.0f"
  row "  1 KiB, 16 threads, sync flush (msg/s)"     repl16/tps      "%.0f"
  row "  p99 ms, 1 KiB, 16 threads, sync flush"     repl16/p99_ms   "%.2f"
  row "  failover ms, leader SIGKILL to stored send" failover_ms    "%.0f"
  row "  a fresh probe client's own ms, no failover" repl_probe_ms  "%.0f"
  line "  errors (load rows, all runs)" "$(errors rocketmq group)" "$(errors skiffmq group)" ""
fi
if [ "$STANDALONE" = 1 ]; then
  line "distribution jars (MiB)" "$(jar_mib "${rmq_jars[@]}")" "$(jar_mib "$DIST"/lib/*.jar)" \
    "$(awk -v a="$(jar_mib "$DIST"/lib/*.jar)" -v b="$(jar_mib "${rmq_jars[@]}")" 'BEGIN { printf "%.2f", a / b }')"
  line "distribution jars (count)" "${#rmq_jars[@]}" "$(ls "$DIST"/lib/*.jar | wc -l)" ""
  ceiling=$(median discard t16/tps)
  sk16=$(median skiffmq t16/tps)
  echo
  line "SkiffMQ discard-store ceiling, 16 threads" "" "$(printf "%.0f" "${ceiling:-0}")" \
    "$(awk -v a="$sk16" -v b="$ceiling" 'BEGIN { if (b + 0 == 0) print "-"; else printf "%.0f%%", 100 * a / b }')"
  echo "  (the last column there: SkiffMQ with its mmap store as a share of that ceiling)"
  skcpu=$(median skiffmq cpu100k)
  for off in nometrics noindex; do
    offtps=$(median "skiff-$off" t16/tps)
    offcpu=$(median "skiff-$off" cpu100k)
    line "SkiffMQ 16 threads, $( [ $off = nometrics ] && echo "metrics off" || echo "message index off")" "" \
      "$(printf "%.0f" "${offtps:-0}")" \
      "$(awk -v a="$sk16" -v b="$offtps" 'BEGIN { if (b + 0 == 0) print "-"; else printf "%.2f", a / b }')"
    line "  broker CPU s per 100k msgs" "" "$(printf "%.2f" "${offcpu:-0}")" \
      "$(awk -v a="$skcpu" -v b="$offcpu" 'BEGIN { if (b + 0 == 0) print "-"; else printf "%.2f", a / b }')"
  done
  echo "  (the last column there: SkiffMQ as shipped, metrics and index on, / the row's figure; CPU per"
  echo "  message is the steadier of the two on a shared machine)"
fi
if [ "$REPLICATED" = 1 ]; then
  async16=$(median skiff-async repl16/tps)
  dledger16=$(median rocketmq repl16/tps)
  echo
  line "SkiffMQ raft group, flush async, 16 threads" "" "$(printf "%.0f" "${async16:-0}")" \
    "$(awk -v a="$async16" -v b="$dledger16" 'BEGIN { if (b + 0 == 0) print "-"; else printf "%.2f", a / b }')"
  echo "  (acknowledged like DLedger: a majority has it written, not yet forced to disk; RocketMQ's"
  echo "  flushDiskType does not change DLedger's acknowledgement; the last column: / DLedger's figure)"
fi
