#!/bin/sh
# Regenerates the VAD fixtures (run once; the WAVs are committed). Needs Debian's espeak-ng and sox:
#   apt-get install -y espeak-ng sox
# Every file is 16-bit mono PCM. The 8 kHz files went through a G.711 μ-law round trip and the
# 300–3400 Hz telephone band, as caller audio arrives from a phone network.
set -eu
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

speak() { # text, output
  espeak-ng -v en-us -s 160 -w "$work/raw.wav" "$1"
  # trim espeak's own leading and trailing silence so segment times are exact
  sox "$work/raw.wav" "$2" silence 1 0.01 0.5% reverse silence 1 0.01 0.5% reverse vol 0.5
}

speak "Hello there." "$work/first.wav"
speak "I would like to book a table for two." "$work/second.wav"

for rate in 8000 16000; do
  khz=$((rate / 1000))
  for part in first second; do sox "$work/$part.wav" -r "$rate" "$work/$part-$khz.wav"; done
  # 0.8 s quiet, first phrase, 1.0 s quiet, second phrase, 0.8 s quiet
  sox -r "$rate" -n "$work/gap08-$khz.wav" trim 0 0.8
  sox -r "$rate" -n "$work/gap10-$khz.wav" trim 0 1.0
  sox "$work/gap08-$khz.wav" "$work/first-$khz.wav" "$work/gap10-$khz.wav" \
    "$work/second-$khz.wav" "$work/gap08-$khz.wav" "$work/speech-clean-$khz.wav"
  length=$(soxi -D "$work/speech-clean-$khz.wav")
  # a line noise floor about 60 dB below full scale
  sox -r "$rate" -n "$work/floor-$khz.wav" synth "$length" whitenoise vol 0.0015
  sox -m "$work/speech-clean-$khz.wav" "$work/floor-$khz.wav" "$work/speech-$khz.wav"
  # speech in steady pink noise about 15 dB below the speech
  sox -r "$rate" -n "$work/noise-bed-$khz.wav" synth "$length" pinknoise vol 0.045
  sox -m "$work/speech-clean-$khz.wav" "$work/noise-bed-$khz.wav" "$work/speech-in-noise-$khz.wav"
  # 3 s of line noise floor only
  sox -r "$rate" -n "$work/silence-$khz.wav" synth 3 whitenoise vol 0.0015
  # noise that switches on abruptly after 0.4 s of quiet: white, then pink, then brown, then a
  # burst of loud white noise (the onsets are what trips a plain energy detector)
  sox -r "$rate" -n "$work/quiet-$khz.wav" synth 0.4 whitenoise vol 0.0015
  sox -r "$rate" -n "$work/white-$khz.wav" synth 1.0 whitenoise vol 0.05
  sox -r "$rate" -n "$work/pink-$khz.wav" synth 1.0 pinknoise vol 0.1
  sox -r "$rate" -n "$work/brown-$khz.wav" synth 1.0 brownnoise vol 0.1
  sox -r "$rate" -n "$work/burst-$khz.wav" synth 0.5 whitenoise vol 0.3
  sox "$work/quiet-$khz.wav" "$work/white-$khz.wav" "$work/quiet-$khz.wav" "$work/pink-$khz.wav" \
    "$work/quiet-$khz.wav" "$work/brown-$khz.wav" "$work/quiet-$khz.wav" "$work/burst-$khz.wav" \
    "$work/quiet-$khz.wav" "$work/noise-$khz.wav"
  names="speech silence noise"
  if [ "$rate" = 8000 ]; then names="$names speech-in-noise"; fi
  for name in $names; do
    if [ "$rate" = 8000 ]; then
      sox "$work/$name-$khz.wav" "$work/band.wav" sinc 300-3400
      sox "$work/band.wav" -e u-law "$work/ulaw.wav"
      sox "$work/ulaw.wav" -e signed-integer -b 16 "$name-$khz"k.wav
    else
      sox "$work/$name-$khz.wav" -e signed-integer -b 16 "$name-$khz"k.wav
    fi
  done
  # where the speech is, in seconds (the phrases' exact lengths at this rate)
  first=$(soxi -D "$work/first-$khz.wav")
  second=$(soxi -D "$work/second-$khz.wav")
  echo "{\"segments\":[[0.8,$(echo "0.8 + $first" | bc -l)],[$(echo "1.8 + $first" | bc -l),$(echo "1.8 + $first + $second" | bc -l)]]}" \
    >"speech-$khz"k.json
done
