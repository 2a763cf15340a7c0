#!/usr/bin/env bash
# Peak memory (max RSS) and time of `mutua classify --proposal` and `mutua diff` with
# generated proposals of 1,000 and 10,000 rules, measured with /usr/bin/time -v. Prints a
# Markdown table (the README's "Scaling with big or bad input" section shows one).
#
#   scripts/proposal-memory.sh                  # the debug build (`cargo build`)
#   PROFILE=release scripts/proposal-memory.sh  # the release build
#
# Each proposal is the one `cargo bench --bench scaling` times: rule `r{i}` gives one of 20
# outcomes when more than `i` take part, so every rule applies to Xiang Hu Bao (a conflict
# among all of them) and `diff` over the shipped schemes changes most Chinese answers.
# Nothing leaves the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/bin/time ] || { echo "proposal-memory.sh needs GNU time (apt-get install time)" >&2; exit 2; }

PROFILE="${PROFILE:-debug}"
if [ "$PROFILE" = release ]; then
    cargo build --release --quiet --bin mutua
else
    cargo build --quiet --bin mutua
fi
bin="${CARGO_TARGET_DIR:-target}/$([ "$PROFILE" = release ] && echo release || echo debug)/mutua"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export MUTUA_CACHE_DIR="$work/cache" MUTUA_DATA_DIR="$work/data"

# a proposal of $1 rules
proposal() {
    awk -v n="$1" 'BEGIN {
        print "proposal \"many rules\" extends cn"
        for (o = 0; o < 20; o++) print "outcome o" o " kind insurance compliance licensed"
        for (i = 0; i < n; i++) {
            print "rule r" i " -> o" (i % 20)
            print "  when participants.count > " i
            print "  cites cn/insurance-law/art-2"
        }
    }'
}

# time -v of a command: "max RSS in MiB | seconds | output lines"
measure() {
    local out="$work/out" log="$work/time"
    /usr/bin/time -v "$@" >"$out" 2>"$log" || true
    local kb secs
    kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
    secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
    printf '%s MiB | %s | %s' "$((kb / 1024))" "$secs" "$(wc -l <"$out")"
}

echo "| command ($PROFILE build) | rules | max RSS | elapsed (m:ss) | output lines |"
echo "|---|---|---|---|---|"
for n in 1000 10000; do
    p="$work/proposal-$n.rules"
    proposal "$n" >"$p"
    echo "| classify Xiang Hu Bao | $n | $(measure "$bin" classify corpus/schemes/xiang-hu-bao-2019.yaml --proposal "$p") |"
    echo "| diff over corpus/schemes | $n | $(measure "$bin" diff --proposal "$p" corpus/schemes) |"
    echo "| diff over corpus/schemes, JSON | $n | $(measure "$bin" diff --proposal "$p" corpus/schemes --format json) |"
done
