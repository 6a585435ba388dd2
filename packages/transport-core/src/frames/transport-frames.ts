import { ControlFrame, DataFrame, SystemFrame } from './frame.js';

/** A message from the client that is not audio or DTMF (e.g. a provider message passed through). */
export class InputTransportMessageFrame extends SystemFrame {
  static override readonly type: string = 'InputTransportMessageFrame';
  constructor(readonly message: unknown) {
    super();
  }
}

/** A message to send to the client, in order after queued audio. */
export class OutputTransportMessageFrame extends DataFrame {
  static override readonly type: string = 'OutputTransportMessageFrame';
  constructor(readonly message: unknown) {
    super();
  }
}

/** A message to send to the client at once, ahead of queued audio. */
export class OutputTransportMessageUrgentFrame extends SystemFrame {
  static override readonly type: string = 'OutputTransportMessageUrgentFrame';
  constructor(readonly message: unknown) {
    super();
  }
}

/** The client is connected and the input transport has started. */
export class ClientConnectedFrame extends SystemFrame {
  static override readonly type: string = 'ClientConnectedFrame';
}

/** The output transport is ready to send (pushed upstream at start). */
export class OutputTransportReadyFrame extends ControlFrame {
  static override readonly type: string = 'OutputTransportReadyFrame';
}

/** Plain text flowing through the pipeline (e.g. for a TTS service). */
export class TextFrame extends DataFrame {
  static override readonly type: string = 'TextFrame';
  constructor(readonly text: string) {
    super();
  }
}
