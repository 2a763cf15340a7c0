#!/usr/bin/env bash
# Times whole `mutua` processes side by side (cold start, warm index cache) with hyperfine
# (apt-get install hyperfine). Optionally at national scale:
#   scripts/bench-cli.sh [LAWREFBOOK_DIR]   (e.g. ../shared/datasets/lawrefbook)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "hyperfine is needed: apt-get install hyperfine" >&2; exit 2; }
cargo build --release --quiet
bin=target/release/mutua
export MUTUA_CACHE_DIR; MUTUA_CACHE_DIR=$(mktemp -d)
$bin index >/dev/null
hyperfine --warmup 3 \
  "$bin search 非法经营商业保险业务 -j cn" \
  "$bin search 'mutual insurance organisation'" \
  "$bin search 相互会社は" \
  "$bin show 保险法第一百八十一条" \
  "$bin classify corpus/schemes/xiang-hu-bao-2019.yaml"
if [ $# -ge 1 ]; then
  out=$(mktemp -d)
  /usr/bin/time -v $bin import lawrefbook "$1" --out "$out" 2>&1 | grep -E "Imported|Maximum resident|Elapsed"
  /usr/bin/time -v $bin index --corpus "$out" 2>&1 | grep -E "Built|Maximum resident|Elapsed"
  hyperfine --warmup 2 "$bin search --corpus $out 相互保险组织"
fi
