import { addInto } from './envelope.js';
import {
  REPEATABLE_SOX,
  rawPcmFormat,
  rawPcmFromSamples,
  runTool,
  samplesFromRawPcm,
} from './external-tools.js';
import type { MusicNote } from './music-score.js';

/** Peak of the mix handed to sox's reverb, in sample units (headroom for the reverb). */
const MIX_PEAK_SAMPLE_UNITS = 12_000;
/** sox `reverb` settings: reverberance %, HF damping %, room scale %. */
const REVERB = ['reverb', '40', '50', '60'];

/** The sox synth effect of one note, without the output options. */
function synthEffect(note: MusicNote): string[] {
  const secs = note.secs.toFixed(4);
  const frequencies = note.frequenciesHz.map((frequency) => frequency.toFixed(2));
  switch (note.instrument) {
    case 'melody':
    case 'bass':
      return ['synth', secs, 'pluck', frequencies[0]!, 'fade', 'h', '0.005', secs, '0.05'];
    case 'pad':
      return [
        'synth',
        secs,
        ...frequencies.flatMap((frequency) => ['sine', frequency]),
        'remix',
        '-',
        'fade',
        'h',
        '0.2',
        secs,
        '0.3',
      ];
  }
}

/**
 * Renders `notes` with sox at `sampleRate`: each distinct note once (plucked strings for melody and
 * bass, a soft chord of sines for the pad), mixed here, then sox's reverb over the mix. `cache`
 * keeps rendered notes between pieces.
 */
export function renderMusic(
  notes: readonly MusicNote[],
  secs: number,
  sampleRate: number,
  cache: Map<string, Float64Array>,
): Float64Array {
  const mix = new Float64Array(Math.round(secs * sampleRate));
  for (const note of notes) {
    const effect = synthEffect(note);
    const key = `${sampleRate} ${effect.join(' ')}`;
    let rendered = cache.get(key);
    if (!rendered) {
      rendered = samplesFromRawPcm(
        runTool('sox', [...REPEATABLE_SOX, '-n', ...rawPcmFormat(sampleRate), '-', ...effect]),
      );
      cache.set(key, rendered);
    }
    const scaled = rendered.map((sample) => sample * note.gain);
    addInto(mix, scaled, Math.round(note.startSecs * sampleRate));
  }
  let peak = 0;
  for (const sample of mix) peak = Math.max(peak, Math.abs(sample));
  const gain = peak === 0 ? 0 : MIX_PEAK_SAMPLE_UNITS / peak;
  const reverberant = samplesFromRawPcm(
    runTool(
      'sox',
      [
        ...REPEATABLE_SOX,
        ...rawPcmFormat(sampleRate),
        '-',
        ...rawPcmFormat(sampleRate),
        '-',
        ...REVERB,
      ],
      rawPcmFromSamples(mix.map((sample) => sample * gain)),
    ),
  );
  return reverberant.subarray(0, mix.length);
}
