#!/usr/bin/env bash
# An independent load generator: Postfix's smtp-source against backwatch, and
# against Postfix's smtp-sink (accepts and discards) as a baseline for what the
# generator and loopback alone can do. Postfix is unpacked, not installed.
#
# usage: bench/postfix-smtp-source.sh [SMTP_PORT]
#   SMTP_PORT  a running backwatch to load; without it one is started with CHECKS checks
# env: MESSAGES (10000), CHECKS (1000), REUSE_SESSIONS (16), FRESH_SESSIONS (64)
set -euo pipefail

cd "$(dirname "$0")/.."
MESSAGES=${MESSAGES:-10000}
CHECKS=${CHECKS:-1000}
REUSE_SESSIONS=${REUSE_SESSIONS:-16}
FRESH_SESSIONS=${FRESH_SESSIONS:-64}
POSTFIX=.bench/postfix
REPORT=.bench/comet-report.eml

if [ ! -x "$POSTFIX/usr/sbin/smtp-source" ]; then
  mkdir -p "$POSTFIX"
  (cd .bench && { apt-get download postfix || { apt-get update -qq && apt-get download postfix; }; })
  dpkg-deb -x "$(ls -t .bench/postfix_*.deb | head -1)" "$POSTFIX"
fi
export LD_LIBRARY_PATH="$PWD/$POSTFIX/usr/lib/postfix"
SOURCE="$POSTFIX/usr/sbin/smtp-source"
SINK="$POSTFIX/usr/sbin/smtp-sink"

npx tsc -p tsconfig.build.json
# One Comet report (item 3, Success); -F wants LF line ends and adds the CRs itself.
node --input-type=module -e "
  import { cometReport } from './dist/bench/reports.js';
  process.stdout.write(cometReport(2, $CHECKS, 4096, 'smtp-source').raw.replaceAll('\r\n', '\n') + '\n');
" > "$REPORT"

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait; }
trap cleanup EXIT

free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

# Prints messages/s for one smtp-source run; smtp-source exits non-zero on any unexpected reply.
measure() {
  local label=$1 port=$2; shift 2
  local start end
  start=$(date +%s.%N)
  "$SOURCE" "$@" -m "$MESSAGES" -f backup@client.example -t reports@backwatch.local "127.0.0.1:$port"
  end=$(date +%s.%N)
  awk -v l="$label" -v n="$MESSAGES" -v s="$start" -v e="$end" 'BEGIN { printf "%-50s %6d messages in %6.2f s = %7.0f messages/s\n", l, n, e - s, n / (e - s) }'
}

run_both() {
  local target=$1 port=$2
  measure "$target, reuse ($REUSE_SESSIONS sessions, -d)" "$port" -d -s "$REUSE_SESSIONS" -F "$REPORT"
  measure "$target, fresh ($FRESH_SESSIONS sessions)" "$port" -s "$FRESH_SESSIONS" -F "$REPORT"
}

SINK_PORT=$(free_port)
sink_user=()
[ "$(id -u)" = 0 ] && sink_user=(-u nobody) # smtp-sink refuses to keep running as root
"$SINK" "${sink_user[@]}" 127.0.0.1:"$SINK_PORT" 1000 &
pids+=($!)
sleep 0.5
run_both "smtp-sink" "$SINK_PORT"

if [ $# -ge 1 ]; then
  run_both "backwatch :$1" "$1"
else
  fifo=$(mktemp -u) && mkfifo "$fifo"
  node dist/bench/serve.js --checks "$CHECKS" > "$fifo" &
  serve_pid=$!
  pids+=($serve_pid)
  exec 3< "$fifo" && rm "$fifo"
  read -r ready <&3
  port=${ready#SMTP_PORT=}
  run_both "backwatch ($CHECKS checks)" "$port"
  kill -TERM "$serve_pid"
  echo "expected $((2 * MESSAGES)) messages stored (every 250 above)"
  cat <&3
fi
