/**
 * When confirmed caller speech interrupts the bot (`TransportParams.interruptions`):
 * - `'on-user-speech'`: at every caller turn, also while the bot's reply is still being generated
 *   and nothing plays yet (Pipecat's behaviour; what a bot with an LLM needs);
 * - `'while-bot-heard'`: only while the bot's audio is playing;
 * - `'never'`: caller speech never interrupts.
 */
export type InterruptionPolicy = 'on-user-speech' | 'while-bot-heard' | 'never';

/** Every `InterruptionPolicy`, for checking settings that come from configuration. */
export const INTERRUPTION_POLICIES: readonly InterruptionPolicy[] = Object.freeze([
  'on-user-speech',
  'while-bot-heard',
  'never',
]);

/**
 * Applies an `InterruptionPolicy` to the caller's turns: decides once per turn, when the caller
 * has spoken `minSpeechSecs` (counted from the start of their speech, so the VAD's `startSecs`
 * counts toward it; pauses within the turn do not), whether their speech interrupts the bot. A
 * turn that ends sooner does not interrupt. @internal
 */
export class InterruptionGate {
  readonly #policy: InterruptionPolicy;
  readonly #minSpeechSecs: number;
  #pending = false;
  #spokenSecs = 0;

  constructor(policy: InterruptionPolicy, minSpeechSecs: number) {
    this.#policy = policy;
    this.#minSpeechSecs = minSpeechSecs;
  }

  /** True while the current turn has not been decided yet. */
  get pending(): boolean {
    return this.#pending;
  }

  /** The VAD confirmed a caller turn after `startSecs` of speech. */
  turnStarted(startSecs: number): void {
    this.#pending = this.#policy !== 'never';
    this.#spokenSecs = startSecs;
  }

  /** The turn ended (or the input was muted) before it was decided: it interrupts nothing. */
  turnEnded(): void {
    this.#pending = false;
  }

  /**
   * The caller has spoken `speechSecs` more of the current turn (0 right at its start). True, at
   * most once per turn, when the bot must be interrupted now; `botHeard` says whether the bot's
   * audio is playing at this moment.
   */
  shouldInterrupt(speechSecs: number, botHeard: boolean): boolean {
    if (!this.#pending) return false;
    this.#spokenSecs += speechSecs;
    if (this.#spokenSecs < this.#minSpeechSecs) return false;
    this.#pending = false;
    return this.#policy === 'on-user-speech' || botHeard;
  }
}
