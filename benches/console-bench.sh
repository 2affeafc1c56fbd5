#!/usr/bin/env bash
# Measures the real console binary in tmux at 120x40 on a database:
#   - first frame: from process start to the first frame on the terminal (from the log);
#   - resident memory (VmRSS and peak VmHWM) after the first screen is up;
#   - idle output: bytes per second sent to the terminal while nothing happens but
#     the clock (from the log, first frame excluded).
# Usage: benches/console-bench.sh DATABASE [IDLE_SECONDS]
# Build first: cargo build --release. DUTYDESK_BIN overrides the binary.
set -euo pipefail
db=$(realpath "${1:?usage: $0 DATABASE [IDLE_SECONDS]}")
idle=${2:-10}
bin=$(realpath "${DUTYDESK_BIN:-target/release/dutydesk}")
work=$(mktemp -d)
socket="dutydesk-bench-$$"
cleanup() {
  sock=$(tmux -L "$socket" display-message -p '#{socket_path}' 2>/dev/null || true)
  tmux -L "$socket" kill-server 2>/dev/null || true
  [ -n "$sock" ] && rm -f "$sock"
  rm -rf "$work"
}
trap cleanup EXIT

cat > "$work/config.toml" <<TOML
[users.bench]
name = "bench"
role = "officer"
TOML
log="$work/state/dutydesk/dutydesk.log"
tmux -L "$socket" -f /dev/null new-session -d -x 120 -y 40 \
  "sh -c 'echo \$\$ > $work/pid; exec env XDG_STATE_HOME=$work/state XDG_CONFIG_HOME=$work/cfg \
   $bin --db $db --config $work/config.toml --user bench'; sleep 30"

for _ in $(seq 100); do
  grep -q "first frame" "$log" 2>/dev/null && break
  sleep 0.1
done
pid=$(cat "$work/pid")
sleep "$idle"
rss=$(awk '/VmRSS/ {print $2, $3}' "/proc/$pid/status")
hwm=$(awk '/VmHWM/ {print $2, $3}' "/proc/$pid/status")
tmux -L "$socket" send-keys q
for _ in $(seq 100); do
  grep -q "frames," "$log" 2>/dev/null && break
  sleep 0.1
done
echo "database:     $db ($(du -h "$db" | cut -f1))"
echo "first frame:  $(grep -o 'first frame after [0-9]* ms, [0-9]* bytes' "$log")"
echo "memory:       VmRSS $rss, peak VmHWM $hwm"
echo "idle output:  $(grep -o '[0-9]* frames, .*' "$log")"
