# Helpers sourced by the service scripts.
# freeports N: N distinct free TCP ports on 127.0.0.1
freeports() { python3 -c 'import socket,sys
ss=[socket.socket() for _ in range(int(sys.argv[1]))]
[s.bind(("127.0.0.1",0)) for s in ss]; print(" ".join(str(s.getsockname()[1]) for s in ss))' "$1"; }
randstr() { head -c 4096 /dev/urandom | tr -dc "$1" | head -c "$2"; }
# start_bg DIR NAME CMD...: run detached in its own session; PID in DIR/pids/NAME.pid, output in DIR/log/NAME.out
start_bg() { local dir=$1 name=$2; shift 2; mkdir -p "$dir/pids" "$dir/log"
  setsid "$@" </dev/null >"$dir/log/$name.out" 2>&1 & echo $! >"$dir/pids/$name.pid"; }
# stop_pids DIR COMM...: SIGKILL every PID recorded under DIR/pids whose command is one of COMM
stop_pids() { local dir=$1 f pid; shift
  for f in "$dir"/pids/*.pid; do [ -f "$f" ] || continue; pid=$(cat "$f"); rm -f "$f"
    local comm; comm=$(ps -o comm= -p "$pid" 2>/dev/null || true)
    for c in "$@"; do [ "$comm" = "$c" ] && kill -KILL "$pid" 2>/dev/null; done; done; }
