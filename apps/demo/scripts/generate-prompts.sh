#!/bin/sh
# Regenerates the echo bot's recorded prompts and the speech fixture used by the tests.
# Run once after changing a text; commit the WAVs. Needs Debian's espeak-ng and sox:
#   apt-get update && apt-get install -y espeak-ng sox
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# speak <text> <output.wav> <rate-hz>: espeak-ng (22.05 kHz) → mono PCM16 at <rate-hz>,
# peak normalised to -3 dBFS, with 80 ms of silence before and 150 ms after.
speak() {
  espeak-ng -v en-us+f3 -s 170 -p 55 -w "$work/raw.wav" "$1"
  sox "$work/raw.wav" -b 16 -c 1 "$2" rate -v "$3" gain -n -3 pad 0.08 0.15
}

speak "Hi! I'm the echo bot. Say something and I'll say it back. Press pound to hang up." \
  "$here/assets/greeting.wav" 8000
speak "Goodbye!" "$here/assets/goodbye.wav" 8000
speak "Testing one two three." "$here/src/__fixtures__/testing-one-two-three.wav" 8000

for file in "$here/assets/greeting.wav" "$here/assets/goodbye.wav" \
  "$here/src/__fixtures__/testing-one-two-three.wav"; do
  printf '%s: %s s\n' "${file#"$here"/}" "$(soxi -D "$file")"
done
