#!/usr/bin/env bash
# An independent load generator: Postfix's smtp-source against backwatch, and
# against Postfix's smtp-sink (accepts and discards) in the same run, as the
# ceiling of what the generator and loopback alone can do on this machine.
# Postfix is unpacked from the Debian package, not installed.
#
# smtp-source sends one file again and again: every report is for the same
# protected item (the "one check" shape; `npm run bench` also spreads reports
# over all the checks).
#
# usage: bench/postfix-smtp-source.sh [SMTP_PORT]
#   SMTP_PORT  a running backwatch to load; without it one is started with CHECKS checks
# env: MESSAGES (5000), CHECKS (1000), REUSE_SESSIONS (20), FRESH_SESSIONS (200), WARMUP (2000, not counted)
set -euo pipefail

cd "$(dirname "$0")/.."
MESSAGES=${MESSAGES:-5000}
CHECKS=${CHECKS:-1000}
REUSE_SESSIONS=${REUSE_SESSIONS:-20}
FRESH_SESSIONS=${FRESH_SESSIONS:-200}
WARMUP=${WARMUP:-2000}
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

# Runs smtp-source and prints messages/s; it exits non-zero on any unexpected reply.
rate() {
  local port=$1 count=$2; shift 2
  local start end
  start=$(date +%s.%N)
  "$SOURCE" "$@" -m "$count" -f backup@client.example -t reports@backwatch.local "127.0.0.1:$port"
  end=$(date +%s.%N)
  awk -v n="$count" -v s="$start" -v e="$end" 'BEGIN { printf "%.0f", n / (e - s) }'
}

SINK_PORT=$(free_port)
sink_user=()
[ "$(id -u)" = 0 ] && sink_user=(-u nobody) # smtp-sink refuses to keep running as root
"$SINK" "${sink_user[@]}" 127.0.0.1:"$SINK_PORT" 1000 &
pids+=($!)
sleep 0.5

if [ $# -ge 1 ]; then
  port=$1
  label="backwatch :$port"
else
  fifo=$(mktemp -u) && mkfifo "$fifo"
  node dist/bench/serve.js --checks "$CHECKS" > "$fifo" &
  serve_pid=$!
  pids+=($serve_pid)
  exec 3< "$fifo" && rm "$fifo"
  read -r ready <&3
  port=${ready#SMTP_PORT=}
  label="backwatch ($CHECKS checks)"
fi

[ "$WARMUP" -gt 0 ] && echo "warm-up: $WARMUP reports to backwatch, not counted ($(rate "$port" "$WARMUP" -d -s "$REUSE_SESSIONS" -F "$REPORT") messages/s)"

# The sink and backwatch alternate, so that both see the machine as it is that minute.
printf '%-46s %12s %12s %8s\n' "load ($MESSAGES messages)" "smtp-sink" "backwatch" "ratio"
row() {
  local name=$1; shift
  local sink ours
  sink=$(rate "$SINK_PORT" "$MESSAGES" "$@" -F "$REPORT")
  ours=$(rate "$port" "$MESSAGES" "$@" -F "$REPORT")
  printf '%-46s %12s %12s %8s\n' "$name" "$sink/s" "$ours/s" "$(awk -v a="$ours" -v b="$sink" 'BEGIN { printf "%.3f", a / b }')"
}
row "connection reuse, $REUSE_SESSIONS sessions (-d)" -d -s "$REUSE_SESSIONS"
row "one message per connection, $FRESH_SESSIONS sessions" -s "$FRESH_SESSIONS"

if [ -n "${serve_pid:-}" ]; then
  kill -TERM "$serve_pid"
  echo "$label: expected $((WARMUP + 2 * MESSAGES)) messages stored (every 250 above)"
  cat <&3
fi
