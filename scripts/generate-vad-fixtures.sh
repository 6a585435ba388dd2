#!/bin/sh
# Regenerates the telephony VAD fixtures: short speech, telephony tones, music, and speech mixed
# with music and with a keypad tone. The WAVs are committed, so tests need neither tool. Needs
# Debian's espeak-ng and sox:
#   apt-get install -y espeak-ng sox
#
# Deterministic: fixed espeak-ng voices and rates, and SoX in repeatable mode (-R: fixed seeds for
# its noise, pluck and dither generators), so running it twice writes the same bytes.
#
# Every file is 16-bit mono PCM at 8 kHz. Each one went through the
# 300–3400 Hz telephone band and a G.711 μ-law encode/decode round trip, as caller audio arrives
# from a phone network, over a line noise floor about 60 dB below full scale. Tone levels follow
# the usual network levels (DTMF about −7 dBm0 per tone with the high group 2 dB louder; ringback
# −19 dBm0, busy and SIT −24 dBm0, fax tones about −12 dBm0; 0 dBm0 is −3.17 dBFS in μ-law).
#
# Writes packages/transport-core/src/vad/__fixtures__/<name>-8k.wav and labels.json (where the
# speech is, in seconds), and copies the files another package's tests need to
# packages/vad-silero/src/__fixtures__/.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
core="$root/packages/transport-core/src/vad/__fixtures__"
silero="$root/packages/vad-silero/src/__fixtures__"
mkdir -p "$core" "$silero"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

RATE=8000
# Sine amplitudes (peak, of full scale) for each network level used below.
DTMF_LOW_AMPLITUDE=0.35   # about −9 dBm0
DTMF_HIGH_AMPLITUDE=0.44  # about −7 dBm0 (2 dB of normal twist)
RINGBACK_AMPLITUDE=0.11   # −19 dBm0
BUSY_AMPLITUDE=0.062      # −24 dBm0
SIT_AMPLITUDE=0.062       # −24 dBm0
FAX_AMPLITUDE=0.23        # about −12 dBm0
# A keypad beep heard through the handset's microphone while the caller talks: each frequency
# together about 6 dB below the speech, so the speech still carries most of the energy.
OVERLAP_DTMF_AMPLITUDE=0.02

# -D: no dither (the line noise floor is added explicitly).
sx() { sox -R -D "$@"; }

silence() { # seconds, output
  sx -r "$RATE" -n -b 16 "$2" trim 0 "$1"
}

speak() { # voice, words per minute, text, output (trimmed to the speech, at $RATE)
  espeak-ng -v "$1" -s "$2" -w "$work/raw.wav" "$3"
  sx "$work/raw.wav" -r "$RATE" -b 16 "$4" \
    silence 1 0.01 0.5% reverse silence 1 0.01 0.5% reverse vol 0.5
}

tone() { # seconds, amplitude, output, frequency... (the frequencies summed, each at amplitude)
  seconds=$1 amplitude=$2 output=$3
  shift 3
  args="" mix="" channel=0
  for frequency in "$@"; do
    channel=$((channel + 1))
    args="$args sine $frequency"
    mix="$mix${mix:+,}${channel}v$amplitude"
  done
  # shellcheck disable=SC2086 # word splitting of $args is intended
  sx -r "$RATE" -n -b 16 "$work/channels.wav" synth "$seconds" $args
  sx "$work/channels.wav" "$output" remix "$mix"
}

dtmf() { # digit, seconds, output[, low amplitude, high amplitude]
  case "$1" in
  1) pair="697 1209" ;; 2) pair="697 1336" ;; 3) pair="697 1477" ;; A) pair="697 1633" ;;
  4) pair="770 1209" ;; 5) pair="770 1336" ;; 6) pair="770 1477" ;; B) pair="770 1633" ;;
  7) pair="852 1209" ;; 8) pair="852 1336" ;; 9) pair="852 1477" ;; C) pair="852 1633" ;;
  '*') pair="941 1209" ;; 0) pair="941 1336" ;; '#') pair="941 1477" ;; D) pair="941 1633" ;;
  esac
  low=${pair% *} high=${pair#* }
  tone "$2" "${4:-$DTMF_LOW_AMPLITUDE}" "$work/dtmf-low.wav" "$low"
  tone "$2" "${5:-$DTMF_HIGH_AMPLITUDE}" "$work/dtmf-high.wav" "$high"
  mix "$work/dtmf-low.wav" "$work/dtmf-high.wav" "$3"
}

# Sums two files sample by sample (sox -m alone would halve each input), then applies effects.
mix() { # input, input, output, effects...
  first=$1 second=$2 output=$3
  shift 3
  sx -m -v 1 "$first" -v 1 "$second" "$output" "$@"
}

join() { # output, inputs...
  output=$1
  shift
  sx "$@" "$output"
}

# Adds the line noise floor, limits to the telephone band, and makes the μ-law round trip.
phone_line() { # input, output
  length=$(soxi -D "$1")
  sx -r "$RATE" -n -b 16 "$work/floor.wav" synth "$length" whitenoise vol 0.0015
  mix "$1" "$work/floor.wav" "$work/line.wav" sinc 300-3400
  sx "$work/line.wav" -e u-law "$work/ulaw.wav"
  sx "$work/ulaw.wav" -e signed-integer -b 16 "$2"
}

silence 0.1 "$work/q01.wav"
silence 0.15 "$work/q015.wav"
silence 0.2 "$work/q02.wav"
silence 0.3 "$work/q03.wav"
silence 0.4 "$work/q04.wav"

# Speech: a short word and a sentence, with quiet before and after.
speak en-us 150 "Yes." "$work/yes-words.wav"
speak en-us+f3 160 "Could you call me back tomorrow morning?" "$work/sentence-words.wav"
join "$work/yes.wav" "$work/q03.wav" "$work/yes-words.wav" "$work/q04.wav"
join "$work/sentence.wav" "$work/q02.wav" "$work/sentence-words.wav" "$work/q03.wav"

# Keypad: "1#5*" at 80 ms on / 80 ms off (a dialler), then "0" held for 400 ms and "9" for 250 ms
# (a person pressing keys).
parts=""
index=0
for digit in 1 '#' 5 '*'; do
  dtmf "$digit" 0.08 "$work/digit-$index.wav"
  silence 0.08 "$work/gap-$index.wav"
  parts="$parts $work/digit-$index.wav $work/gap-$index.wav"
  index=$((index + 1))
done
dtmf 0 0.4 "$work/held-0.wav"
dtmf 9 0.25 "$work/held-9.wav"
# shellcheck disable=SC2086
join "$work/dtmf.wav" "$work/q015.wav" $parts "$work/q02.wav" "$work/held-0.wav" \
  "$work/q02.wav" "$work/held-9.wav" "$work/q015.wav"

# North American ringback: 440 + 480 Hz, 2 s on (of its 2 s on / 4 s off cadence).
tone 2.0 "$RINGBACK_AMPLITUDE" "$work/ringback-on.wav" 440 480
join "$work/ringback.wav" "$work/q02.wav" "$work/ringback-on.wav" "$work/q02.wav"

# North American busy: 480 + 620 Hz, 0.5 s on / 0.5 s off.
tone 0.5 "$BUSY_AMPLITUDE" "$work/busy-on.wav" 480 620
silence 0.5 "$work/busy-off.wav"
join "$work/busy.wav" "$work/q01.wav" "$work/busy-on.wav" "$work/busy-off.wav" \
  "$work/busy-on.wav" "$work/q02.wav"

# Special information tone (vacant code): 913.8, 1370.6, 1776.7 Hz for 274, 274 and 380 ms.
tone 0.274 "$SIT_AMPLITUDE" "$work/sit-1.wav" 913.8
tone 0.274 "$SIT_AMPLITUDE" "$work/sit-2.wav" 1370.6
tone 0.380 "$SIT_AMPLITUDE" "$work/sit-3.wav" 1776.7
join "$work/sit.wav" "$work/q01.wav" "$work/sit-1.wav" "$work/sit-2.wav" "$work/sit-3.wav" \
  "$work/q02.wav"

# Fax calling tone (CNG): 1100 Hz, 0.5 s on (of 0.5 s on / 3 s off).
tone 0.5 "$FAX_AMPLITUDE" "$work/cng-on.wav" 1100
join "$work/cng.wav" "$work/q02.wav" "$work/cng-on.wav" "$work/q03.wav"

# Fax / modem answer tone (CED): 2100 Hz with a phase reversal every 450 ms (V.25 with echo
# canceller disable); 450 ms is a whole number of cycles, so each segment starts at phase 0 or 180°.
sx -r "$RATE" -n -b 16 "$work/ced-a.wav" synth 0.45 sine 2100 0 0 vol "$FAX_AMPLITUDE"
sx -r "$RATE" -n -b 16 "$work/ced-b.wav" synth 0.45 sine 2100 0 50 vol "$FAX_AMPLITUDE"
join "$work/ced.wav" "$work/q01.wav" "$work/ced-a.wav" "$work/ced-b.wav" "$work/ced-a.wav" \
  "$work/q01.wav"

# Music: a plucked chord progression (C, Am, F, G; 0.6 s each) with a plucked melody an octave up
# and a sine bass, synthesized (no recorded audio). SoX plucks only at 44.1–48 kHz, so the music
# is made at 48 kHz and resampled.
MUSIC_RATE=48000
chord() { # output, bass, three chord notes, two melody notes (Hz)
  sx -r "$MUSIC_RATE" -n -b 16 "$work/chord-notes.wav" \
    synth 0.6 sine "$2" pluck "$3" pluck "$4" pluck "$5"
  sx "$work/chord-notes.wav" "$work/chord-mix.wav" remix 1v0.2,2v0.2,3v0.2,4v0.2
  sx -r "$MUSIC_RATE" -n -b 16 "$work/melody-1.wav" synth 0.3 pluck "$6" vol 0.25
  sx -r "$MUSIC_RATE" -n -b 16 "$work/melody-2.wav" synth 0.3 pluck "$7" vol 0.25
  sx "$work/melody-1.wav" "$work/melody-2.wav" "$work/melody.wav"
  mix "$work/chord-mix.wav" "$work/melody.wav" "$1"
}
chord "$work/chord-1.wav" 130.8 261.6 329.6 392.0 784.0 659.3
chord "$work/chord-2.wav" 110.0 220.0 261.6 329.6 880.0 784.0
chord "$work/chord-3.wav" 87.3 174.6 220.0 261.6 698.5 880.0
chord "$work/chord-4.wav" 98.0 196.0 246.9 293.7 784.0 987.8
join "$work/progression.wav" "$work/chord-1.wav" "$work/chord-2.wav" "$work/chord-3.wav" \
  "$work/chord-4.wav"
sx "$work/progression.wav" -r "$RATE" "$work/music-bed.wav" norm -19
join "$work/music.wav" "$work/q02.wav" "$work/music-bed.wav"

# "Yes" over the music (the music about 8 dB below the speech), starting 1.2 s into the music.
silence 1.2 "$work/q12.wav"
join "$work/yes-late.wav" "$work/q12.wav" "$work/yes-words.wav"
mix "$work/music-bed.wav" "$work/yes-late.wav" "$work/yes-over-music.wav"

# "Yes" with a keypad "5" sounding from 0.1 s before the word to 0.1 s after it.
dtmf 5 0.63 "$work/overlap-5.wav" "$OVERLAP_DTMF_AMPLITUDE" "$OVERLAP_DTMF_AMPLITUDE"
join "$work/overlap-late.wav" "$work/q02.wav" "$work/overlap-5.wav"
join "$work/yes-early.wav" "$work/q03.wav" "$work/yes-words.wav" "$work/q04.wav"
mix "$work/yes-early.wav" "$work/overlap-late.wav" "$work/yes-over-dtmf.wav"

for name in yes sentence dtmf ringback busy sit cng ced music yes-over-music yes-over-dtmf; do
  phone_line "$work/$name.wav" "$core/$name-8k.wav"
done

# Where the speech is, in seconds from the start of each file.
end() { # start seconds, speech file: the end of the speech, to the millisecond
  awk -v start="$1" -v seconds="$(soxi -D "$2")" 'BEGIN { printf "%.3f", start + seconds }'
}
cat >"$core/labels.json" <<EOF
{
  "yes-8k": [[0.3, $(end 0.3 "$work/yes-words.wav")]],
  "sentence-8k": [[0.2, $(end 0.2 "$work/sentence-words.wav")]],
  "yes-over-music-8k": [[1.2, $(end 1.2 "$work/yes-words.wav")]],
  "yes-over-dtmf-8k": [[0.3, $(end 0.3 "$work/yes-words.wav")]],
  "dtmf-8k": [], "ringback-8k": [], "busy-8k": [], "sit-8k": [], "cng-8k": [], "ced-8k": [],
  "music-8k": []
}
EOF

for name in yes sentence dtmf ringback music; do
  cp "$core/$name-8k.wav" "$silero/$name-8k.wav"
done
cp "$core/labels.json" "$silero/labels.json"
