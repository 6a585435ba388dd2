#!/bin/sh
# Generates the labelled VAD corpus of `pnpm bench vad` (the benchmark also does this by itself)
# and prints the folder it is in. Deterministic: the same code and tool versions give the same
# audio (fixed seeds; sox runs with -R -D). Needs espeak-ng and sox:
#   apt-get install -y espeak-ng sox
# Usage: bench/scripts/generate-vad-corpus.sh [parent folder]   (default: $VAD_CORPUS_DIRECTORY,
# else <tmp>/x-bench-vad-corpus). Run `pnpm install && pnpm build` once first.
set -eu
for tool in espeak-ng sox; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$tool is missing; install it with: apt-get install -y espeak-ng sox" >&2
    exit 1
  fi
done
cd "$(dirname "$0")/.."
pnpm exec tsc -p tsconfig.json
node dist/vad/corpus/generate-corpus-main.js "$@"
