/** DTMF tone pairs (low, high) in Hz, per ITU-T Q.23. */
const KEYPAD_FREQUENCIES_HZ: Readonly<Record<string, readonly [number, number]>> = {
  '1': [697, 1209],
  '2': [697, 1336],
  '3': [697, 1477],
  '4': [770, 1209],
  '5': [770, 1336],
  '6': [770, 1477],
  '7': [852, 1209],
  '8': [852, 1336],
  '9': [852, 1477],
  '*': [941, 1209],
  '0': [941, 1336],
  '#': [941, 1477],
};

/** How long the local key tone sounds, in seconds. */
const TONE_SECS = 0.12;
/** Loudness of the local key tone (linear gain per oscillator). */
const TONE_GAIN = 0.08;

/**
 * Plays a key's DTMF tone on the local speakers as feedback. Only the `dtmf` message goes to the
 * server, as on a real Twilio call, where the network delivers keys as events, not audio.
 */
export function playKeypadTone(context: AudioContext, key: string): void {
  const frequencies = KEYPAD_FREQUENCIES_HZ[key];
  if (!frequencies) return;
  const gain = context.createGain();
  const start = context.currentTime;
  gain.gain.setValueAtTime(0, start);
  gain.gain.linearRampToValueAtTime(TONE_GAIN, start + 0.005);
  gain.gain.setValueAtTime(TONE_GAIN, start + TONE_SECS - 0.01);
  gain.gain.linearRampToValueAtTime(0, start + TONE_SECS);
  gain.connect(context.destination);
  for (const frequency of frequencies) {
    const oscillator = context.createOscillator();
    oscillator.frequency.value = frequency;
    oscillator.connect(gain);
    oscillator.start(start);
    oscillator.stop(start + TONE_SECS);
  }
}
