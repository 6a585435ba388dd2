import { DataFrame, SystemFrame } from './frame.js';
import { type KeypadEntry, toKeypadEntry } from './keypad-entry.js';

/** A DTMF key the caller pressed. */
export class InputDTMFFrame extends SystemFrame {
  static override readonly type: string = 'InputDTMFFrame';
  readonly button: KeypadEntry;
  /** @throws RangeError when `button` is not a DTMF key. */
  constructor(button: KeypadEntry | string) {
    super();
    this.button = toKeypadEntry(button);
  }
}

function checkedButtons(buttons: readonly (KeypadEntry | string)[]): readonly KeypadEntry[] {
  if (buttons.length === 0) throw new RangeError('a DTMF frame needs at least one button');
  return Object.freeze(buttons.map(toKeypadEntry));
}

/** DTMF keys to send to the caller's line, in order after queued audio. */
export class OutputDTMFFrame extends DataFrame {
  static override readonly type: string = 'OutputDTMFFrame';
  readonly buttons: readonly KeypadEntry[];
  /** @throws RangeError when empty or when a key is not a DTMF key. */
  constructor(buttons: KeypadEntry | string | readonly (KeypadEntry | string)[]) {
    super();
    this.buttons = checkedButtons(typeof buttons === 'string' ? [...buttons] : buttons);
  }
}

/** DTMF keys to send at once, ahead of queued audio. */
export class OutputDTMFUrgentFrame extends SystemFrame {
  static override readonly type: string = 'OutputDTMFUrgentFrame';
  readonly buttons: readonly KeypadEntry[];
  /** @throws RangeError when empty or when a key is not a DTMF key. */
  constructor(buttons: KeypadEntry | string | readonly (KeypadEntry | string)[]) {
    super();
    this.buttons = checkedButtons(typeof buttons === 'string' ? [...buttons] : buttons);
  }
}
