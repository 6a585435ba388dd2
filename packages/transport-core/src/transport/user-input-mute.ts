/**
 * Whether the caller's input is muted: set by `UserInputMuteFrame`s, and, with
 * `muteUserInputUntilFirstBotTurnEnds`, muted from the start until the bot first stops speaking.
 * An explicit `UserInputMuteFrame` before that takes over: the first bot turn then unmutes
 * nothing. @internal
 */
export class UserInputMute {
  #muted: boolean;
  #unmuteWhenBotTurnEnds: boolean;

  constructor(muteUntilFirstBotTurnEnds: boolean) {
    this.#muted = muteUntilFirstBotTurnEnds;
    this.#unmuteWhenBotTurnEnds = muteUntilFirstBotTurnEnds;
  }

  /** True while caller input is muted. */
  get muted(): boolean {
    return this.#muted;
  }

  /** Applies a `UserInputMuteFrame`; true when this changed whether the input is muted. */
  set(muted: boolean): boolean {
    this.#unmuteWhenBotTurnEnds = false;
    return this.#change(muted);
  }

  /** The bot stopped speaking; true when this unmuted the input (its first turn ended). */
  botTurnEnded(): boolean {
    if (!this.#unmuteWhenBotTurnEnds) return false;
    this.#unmuteWhenBotTurnEnds = false;
    return this.#change(false);
  }

  #change(muted: boolean): boolean {
    if (muted === this.#muted) return false;
    this.#muted = muted;
    return true;
  }
}
