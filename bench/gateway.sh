#!/usr/bin/env bash
# Gateway throughput and latency with wrk, on one small backend on loopback:
#   direct to the backend | through Outlay's gateway | through nginx as a plain reverse proxy |
#   through the gateway with JWT validation and the access map on.
# Prints requests/s and p50/p99 for each and the ratios gateway/nginx and gateway/direct.
# Needs the Debian packages wrk and nginx. Usage: bench/gateway.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-64}
threads=2
for tool in wrk nginx; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install -y wrk nginx)" >&2; exit 1; }
done

dotnet build -c Release -nologo -v quiet src/Outlay.Gateway >/dev/null
dotnet build -c Release -nologo -v quiet bench/Outlay.Bench >/dev/null
gateway_dll=$PWD/src/Outlay.Gateway/bin/Release/net10.0/Outlay.Gateway.dll
bench_dll=$PWD/bench/Outlay.Bench/bin/Release/net10.0/Outlay.Bench.dll

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_for() { for _ in $(seq 1 100); do curl -fs -o /dev/null "$1" && return 0; sleep 0.2; done; echo "not up: $1" >&2; exit 1; }

backend=$(free_port); gateway=$(free_port); secured=$(free_port); proxy=$(free_port)
dotnet "$bench_dll" gateway-backend "$backend" "$work/token" & pids+=($!)
wait_for "http://127.0.0.1:$backend/hello"

# The gateway runs from an empty folder so that only this configuration applies (not the shipped route table).
start_gateway() { # port, access rules as environment assignments...
  local port=$1; shift
  # exec: the recorded pid is the gateway's own, so the cleanup stops it and not just a subshell.
  (cd "$work" && exec env DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 ASPNETCORE_URLS="http://127.0.0.1:$port" DOTNET_ENVIRONMENT=Production \
    Logging__LogLevel__Default=Warning ${GATEWAY_EXTRA_ENV:-} Outlay__Database__DataFolder="$work/gw-$port" \
    Outlay__Auth__Authority="http://127.0.0.1:$backend" \
    Outlay__Metrics__Meters__0=Microsoft.AspNetCore Outlay__Metrics__Meters__1=System.Runtime Outlay__Metrics__Meters__2=Outlay \
    Gateway__Routes__bench__PathPrefix=/ Gateway__Routes__bench__Cluster=bench \
    Gateway__Clusters__bench__Destinations__one__Address="http://127.0.0.1:$backend" \
    "$@" dotnet "$gateway_dll" >"$work/gateway-$port.log" 2>&1) & pids+=($!)
}
start_gateway "$gateway" Gateway__Access__Default=Allow
start_gateway "$secured" Gateway__Access__Default=Deny \
  Gateway__Access__Rules__0__Path=/hello Gateway__Access__Rules__0__Methods__0=GET Gateway__Access__Rules__0__Roles__0=user
wait_for "http://127.0.0.1:$gateway/hello"
wait_for "http://127.0.0.1:$secured/health/ready"

cat >"$work/nginx.conf" <<NGINX
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work; uwsgi_temp_path $work; scgi_temp_path $work;
  upstream backend { server 127.0.0.1:$backend; keepalive 128; }
  server {
    listen 127.0.0.1:$proxy;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$proxy_host;
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_buffering off;
    }
  }
}
NGINX
nginx -c "$work/nginx.conf" -g 'daemon off;' & pids+=($!)
wait_for "http://127.0.0.1:$proxy/hello"
token=$(cat "$work/token")
test "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$secured/hello")" = 401
test "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "http://127.0.0.1:$secured/hello")" = 200

# One wrk run: "requests/s p50_ms p99_ms".
measure() {
  local url=$1; shift
  # Warm-up: long enough for tiered compilation to finish, so every target is measured in its steady state.
  wrk -t"$threads" -c"$connections" -d"${WARMUP:-10}s" "$@" "$url" >/dev/null
  wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency "$@" "$url" | awk '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Requests\/sec/ { rps = $2 }
    /Non-2xx|Socket errors/ { errors = errors " " $0 }
    END { printf "%.0f %.2f %.2f%s\n", rps, p50, p99, (errors ? " #" errors : "") }'
}

echo "wrk: $threads threads, $connections connections, ${seconds}s per run, $(nproc) cores"
printf '%-22s %12s %9s %9s\n' target "requests/s" "p50 ms" "p99 ms"
declare -A rps
for target in direct gateway nginx gateway+jwt; do
  case $target in
    direct) result=$(measure "http://127.0.0.1:$backend/hello") ;;
    gateway) result=$(measure "http://127.0.0.1:$gateway/hello") ;;
    nginx) result=$(measure "http://127.0.0.1:$proxy/hello") ;;
    gateway+jwt) result=$(measure "http://127.0.0.1:$secured/hello" -H "Authorization: Bearer $token") ;;
  esac
  read -r r p50 p99 rest <<<"$result"
  rps[$target]=$r
  printf '%-22s %12s %9s %9s %s\n' "$target" "$r" "$p50" "$p99" "$rest"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
echo
echo "gateway/nginx      $(ratio "${rps[gateway]}" "${rps[nginx]}")"
echo "gateway/direct     $(ratio "${rps[gateway]}" "${rps[direct]}")"
echo "gateway+jwt/nginx  $(ratio "${rps[gateway+jwt]}" "${rps[nginx]}")"
