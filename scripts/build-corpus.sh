#!/usr/bin/env bash
# Rebuilds the verbatim Chinese instruments of corpus/cn/ from their source files and the
# annotation files in corpus-src/cn/. The sources are not part of the repository; each
# generated file records its source's address and sha256.
#   scripts/build-corpus.sh [SOURCE_DIR]   (default: ../shared/statutes-src/cn)
set -euo pipefail
cd "$(dirname "$0")/.."
src=${1:-../shared/statutes-src/cn}
mutua=(cargo run --quiet --)
"${mutua[@]}" import lawrefbook "$src/insurance-law-prc-2015.md" \
  --meta corpus-src/cn/insurance-law.meta.yaml --out corpus/cn/insurance-law.yaml
"${mutua[@]}" import lawrefbook "$src/internet-insurance-business-measures-2020-cbirc-order-13.md" \
  --meta corpus-src/cn/internet-insurance-measures.meta.yaml --out corpus/cn/internet-insurance-measures.yaml
"${mutua[@]}" import lawrefbook "$src/criminal-law-prc-through-amendment-12.md" \
  --meta corpus-src/cn/criminal-law.meta.yaml --out corpus/cn/criminal-law.yaml
"${mutua[@]}" import lawrefbook "$src/agricultural-insurance-regulations-2016.md" \
  --meta corpus-src/cn/agricultural-insurance-regulations.meta.yaml --out corpus/cn/agricultural-insurance-regulations.yaml
