#!/usr/bin/env bash
# Load benchmark of `mutua serve` on 127.0.0.1, in a bounded run: search and provision
# latency (p50, p99) at 1 and 64 connections, and classify requests per second.
# Prints a Markdown table (the README's "Web" section shows one).
#
#   scripts/bench-web.sh            # 10 s per measurement
#   DURATION=5s scripts/bench-web.sh
#   PROFILE=debug scripts/bench-web.sh   # the debug build, without building for release
#
# Installs the load generator `oha` with cargo when it is missing, builds mutua in release
# mode, and stops the server it started when done. Nothing leaves the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-10s}"

if ! command -v oha >/dev/null 2>&1; then
    echo "installing the load generator oha (cargo install oha --locked)" >&2
    cargo install oha --locked >&2
fi
command -v jq >/dev/null 2>&1 || { echo "bench-web.sh needs jq to read oha's JSON" >&2; exit 2; }

PROFILE="${PROFILE:-release}"
if [ "$PROFILE" = release ]; then
    cargo build --release --quiet --bin mutua
else
    cargo build --quiet --bin mutua
fi
target="${CARGO_TARGET_DIR:-target}/$([ "$PROFILE" = release ] && echo release || echo debug)"
cache="$(mktemp -d)"
log="$(mktemp)"
MUTUA_CACHE_DIR="$cache" "$target/mutua" index >/dev/null
MUTUA_CACHE_DIR="$cache" "$target/mutua" serve --addr 127.0.0.1:0 2>"$log" &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$cache" "$log"; }
trap cleanup EXIT
for _ in $(seq 1 100); do
    grep -q 'listening on' "$log" && break
    sleep 0.1
done
base="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" | head -n1)"
[ -n "$base" ] || { echo "mutua serve did not start:" >&2; cat "$log" >&2; exit 1; }

scheme="$(mktemp)"
cp corpus/schemes/xiang-hu-bao-2019.yaml "$scheme"

# run NAME CONNECTIONS oha-args...: one bounded run, its summary as JSON
run() {
    local connections="$1"
    shift
    oha --no-tui --output-format json -z "$DURATION" -c "$connections" "$@" 2>/dev/null
}
ms() { jq -r "$1 * 1000 | . * 100 | round / 100"; }

echo "| request | connections | p50 (ms) | p99 (ms) | requests/s |"
echo "|---|---:|---:|---:|---:|"
search="$base/api/v1/search?q=%E7%9B%B8%E4%BA%92%E4%BF%9D%E9%99%A9"
provision="$base/api/v1/provisions/cn/insurance-law/art-2"
for target_url in "search $search" "provision $provision"; do
    name="${target_url%% *}"
    url="${target_url#* }"
    for c in 1 64; do
        out="$(run "$c" "$url")"
        printf '| %s | %s | %s | %s | %s |\n' "$name" "$c" \
            "$(echo "$out" | ms '.latencyPercentiles.p50')" \
            "$(echo "$out" | ms '.latencyPercentiles.p99')" \
            "$(echo "$out" | jq -r '.summary.requestsPerSec | round')"
    done
done
out="$(run 64 -m POST -T application/yaml -D "$scheme" "$base/api/v1/classify")"
printf '| classify (Xiang Hu Bao, 3 jurisdictions) | 64 | %s | %s | %s |\n' \
    "$(echo "$out" | ms '.latencyPercentiles.p50')" \
    "$(echo "$out" | ms '.latencyPercentiles.p99')" \
    "$(echo "$out" | jq -r '.summary.requestsPerSec | round')"
rm -f "$scheme"
