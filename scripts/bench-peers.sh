#!/usr/bin/env bash
# Times mutua against its peers in one run, at national scale: imports the LawRefBook data
# set, builds the index, then times whole processes side by side with hyperfine (mutua
# search against ripgrep on the same queries, `mutua --version` as the process floor,
# `show`, `classify` of one scheme and of 1,000 generated ones) and, in process, the median
# query time of mutua's index against a SQLite FTS5 table of the same articles. Prints every
# figure with its ratio, as a Markdown table for the README.
#
#   scripts/bench-peers.sh [LAWREFBOOK_DIR]     (default ../shared/datasets/lawrefbook)
#
# Needs ripgrep, hyperfine and python3 (with its sqlite3 module); installs ripgrep and
# hyperfine with apt-get when they are missing, and says so. Run by hand, not by CI.
set -euo pipefail
trap 'echo "bench-peers: failed at line $LINENO" >&2' ERR
cd "$(dirname "$0")/.."
data=${1:-../shared/datasets/lawrefbook}
if [ ! -d "$data" ]; then
  echo "no LawRefBook data set at $data: give its folder as the first argument" >&2
  exit 2
fi
need() {
  command -v "$1" >/dev/null && return
  echo "$1 is missing: installing the $2 package with apt-get" >&2
  apt-get update -qq && apt-get install -y -qq "$2" >/dev/null
}
need rg ripgrep
need hyperfine hyperfine
command -v python3 >/dev/null || { echo "python3 is needed" >&2; exit 2; }

target=${CARGO_TARGET_DIR:-target}
echo "building (release)..." >&2
cargo build --release --quiet
cargo bench --bench query_p50 --no-run --quiet 2>/dev/null
bin=$target/release/mutua
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export MUTUA_CACHE_DIR=$work/cache NO_COLOR=1
lrb=$work/lrb

md_bytes=$(find "$data" -name '*.md' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
echo "importing $data..." >&2
$bin import lawrefbook "$data" --out "$lrb" >/dev/null
echo "indexing..." >&2
# an imported law the corpus refuses to load (its history out of order) is set aside, and
# counted in the table's heading, so that the rest is indexed and timed
if ! $bin index --corpus "$lrb" >/dev/null 2>"$work/index.err"; then
  sed -n 's/^Error: \(.*\.yaml\):[0-9]*:[0-9]*: .*/\1/p' "$work/index.err" | sort -u >"$work/refused.txt"
  [ -s "$work/refused.txt" ] || { cat "$work/index.err" >&2; exit 1; }
  mkdir -p "$work/refused"
  while IFS= read -r f; do mv "$f" "$work/refused/"; done <"$work/refused.txt"
  echo "set aside $(wc -l <"$work/refused.txt") imported laws that do not load" >&2
fi
refused=0
[ -f "$work/refused.txt" ] && refused=$(wc -l <"$work/refused.txt")
/usr/bin/time -f '%e %M' -o "$work/index.time" $bin index --corpus "$lrb" >/dev/null
read -r index_s index_kb <"$work/index.time"

queries=(相互保险 保险业务 人身保险合同 不正当竞争 社会保险基金)
# an address of the imported Insurance Law, for `show`
insurance_law=$(find "$lrb" -name '*保险法-[0-9]*.yaml' ! -name '*社会保险法*' ! -name '*军人保险法*' ! -name '*解释*' | sort | tail -1)
insurance_id=$(sed -n 's/^id: //p' "$insurance_law")

echo "generating 1,000 schemes twice (all facts; 20% missing)..." >&2
$bin schema scheme >"$work/scheme.schema.json"
python3 scripts/gen-schemes.py "$work/scheme.schema.json" "$work/all" 1000 0 1
python3 scripts/gen-schemes.py "$work/scheme.schema.json" "$work/missing" 1000 0.2 2

cmds=(
  "$bin --version"
  "$bin search 相互保险 --limit 10"
  "$bin show 保险法第一百八十一条"
  "$bin classify corpus/schemes/xiang-hu-bao-2019.yaml"
  "$bin show --corpus $lrb $insurance_id/art-181"
)
for q in "${queries[@]}"; do
  cmds+=("$bin search --corpus $lrb $q --limit 10" "rg -c $q $data")
done
echo "timing processes..." >&2
hyperfine -N -i --warmup 3 --min-runs 20 --export-json "$work/processes.json" "${cmds[@]}" >/dev/null
hyperfine -N --warmup 1 --runs 5 --export-json "$work/batch.json" \
  "$bin classify $work/all --format jsonl" "$bin classify $work/missing --format jsonl" >/dev/null

echo "timing queries in process (mutua's index, SQLite FTS5)..." >&2
MUTUA_BENCH_CORPUS=$lrb MUTUA_BENCH_QUERIES=$(printf '%s\n' "${queries[@]}") \
  MUTUA_BENCH_EXPORT=$work/articles.jsonl \
  cargo bench --bench query_p50 --quiet 2>/dev/null >"$work/tantivy.txt"
python3 - "$work/articles.jsonl" "${queries[@]}" >"$work/fts5.txt" <<'PY'
import json, sqlite3, statistics, sys, time
db = sqlite3.connect(":memory:")
db.execute("CREATE VIRTUAL TABLE t USING fts5(address UNINDEXED, text, tokenize='trigram')")
with open(sys.argv[1]) as f:
    db.executemany("INSERT INTO t VALUES (?, ?)", ((a["address"], a["text"]) for a in map(json.loads, f)))
sql = "SELECT address, snippet(t, 1, '**', '**', '…', 32) FROM t WHERE t MATCH ? ORDER BY rank LIMIT 10"
for q in sys.argv[2:]:
    times = []
    for _ in range(200):
        start = time.perf_counter()
        db.execute(sql, ('"%s"' % q,)).fetchall()
        times.append(time.perf_counter() - start)
    print("fts5_p50_us", q, round(statistics.median(times) * 1e6))
PY

python3 - "$work" "$md_bytes" "$index_s" "$index_kb" "$refused" "${queries[@]}" <<'PY'
import json, platform, subprocess, sys, datetime
work, md_bytes, index_s, index_kb = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
refused = int(sys.argv[5])
queries = sys.argv[6:]
proc = {r["command"]: r for r in json.load(open(f"{work}/processes.json"))["results"]}
def mean(pred):
    return next(r["median"] for c, r in proc.items() if pred(c))
floor = mean(lambda c: c.endswith("--version"))
rows = []
def row(what, secs, peer_name, peer_secs, target):
    rows.append((what, f"{secs*1e3:.1f} ms", peer_name, f"{peer_secs*1e3:.1f} ms", f"{secs/peer_secs:.2f}×", target))
row("`mutua search 相互保险` (shipped corpus)", mean(lambda c: " search 相互保险" in c and "--corpus" not in c), "`mutua --version`", floor, "≤ 3×")
row("`mutua show 保险法第一百八十一条` (shipped)", mean(lambda c: " show 保险法" in c), "`mutua --version`", floor, "≤ 3×")
row("`mutua classify` one scheme (shipped)", mean(lambda c: " classify corpus/" in c), "`mutua --version`", floor, "≤ 3×")
for q in queries:
    m = mean(lambda c: "--corpus" in c and f" {q} --limit" in c)
    r = mean(lambda c: c.startswith("rg ") and f" {q} " in c)
    row(f"`mutua search {q}` (LawRefBook)", m, f"`rg -c {q}`", r, "≤ 0.5× (stretch 0.2×)")
row("`mutua show` an article (LawRefBook)", mean(lambda c: "--corpus" in c and " show " in c), "`mutua --version`", floor, "about a query")
batch = {r["command"]: r["median"] for r in json.load(open(f"{work}/batch.json"))["results"]}
tan = {l.split()[1]: float(l.split()[2]) for l in open(f"{work}/tantivy.txt") if l.startswith("tantivy_p50_us")}
fts = {l.split()[1]: float(l.split()[2]) for l in open(f"{work}/fts5.txt")}
extra = {l.split()[0]: l.split()[1] for l in open(f"{work}/tantivy.txt") if not l.startswith("tantivy_p50_us")}
print(f"mutua bench-peers, {datetime.date.today()}, {platform.machine()} {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores, "
      f"{open('/proc/cpuinfo').read().split('model name')[1].split(':')[1].splitlines()[0].strip()}; "
      f"LawRefBook: {md_bytes/1e6:.0f} MB of Markdown"
      + (f", {refused} imported laws that do not load set aside" if refused else "") + "\n")
print("| measure | mutua | peer | peer's | ratio | target |")
print("|---|---|---|---|---|---|")
for r in rows:
    print("| " + " | ".join(r) + " |")
for q in queries:
    print(f"| in-process query p50 `{q}` (LawRefBook) | {tan[q]:.0f} µs | SQLite FTS5 (trigram) | {fts[q]:.0f} µs | {tan[q]/fts[q]:.2f}× | ≤ 1× |")
for name, secs in batch.items():
    kind = "all facts given" if "/all " in name else "20% of facts missing"
    target = "≥ 10,000/s" if "/all " in name else "≥ 2,000/s"
    print(f"| batch classify of 1,000 schemes, {kind} | {1000/secs:,.0f} schemes/s | | | | {target} |")
peak = index_kb * 1024
print(f"| index build (LawRefBook) | {index_s:.1f} s, {md_bytes/1e6/index_s:.1f} MB/s | | | | ≥ 9.5 MB/s |")
print(f"| index build peak memory | {peak/2**20:.0f} MiB | Markdown size | {md_bytes/2**20:.0f} MiB | {peak/md_bytes:.1f}× | ≤ 3× |")
print(f"\njieba dictionary (compiled at build time), opened once a process: {extra.get('jieba_dictionary_ms', '?')} ms; opened by an English query: {extra.get('jieba_loaded_by_english_query', '?')}")
PY
