import { SileroVADAnalyzer } from '../silero-vad-analyzer.js';

/** A `SileroVADAnalyzer` that records the speech probability of every window it analyses. */
export class ProbedSileroVAD extends SileroVADAnalyzer {
  readonly probabilities: number[] = [];

  protected override async voiceConfidence(window: Int16Array): Promise<number> {
    const probability = await super.voiceConfidence(window);
    this.probabilities.push(probability);
    return probability;
  }
}

/** Feeds `audio` in `frameSamples` frames (20 ms at 8 kHz by default), awaiting each. */
export async function feed(
  vad: SileroVADAnalyzer,
  audio: Int16Array,
  frameSamples = 160,
): Promise<string[]> {
  const transitions: string[] = [];
  for (let offset = 0; offset < audio.length; offset += frameSamples) {
    const analysis = await vad.analyzeAudio(audio.subarray(offset, offset + frameSamples));
    transitions.push(...analysis.transitions);
  }
  return transitions;
}
