/** Counters of one `WebSocketTransport`, for logs and metrics (`transport.stats`). */
export interface WebSocketTransportStats {
  /** Inbound messages received from the socket. */
  readonly messagesReceived: number;
  /** Inbound messages skipped because the serializer refused them or failed on them. */
  readonly messagesSkipped: number;
  /**
   * Skipped messages by kind: the `MessageRejectedError` kind (`invalid-json`, `unknown-event`,
   * ...), `deserialize-error` for any other exception, `unsupported-data` for data that is neither
   * text nor bytes.
   */
  readonly messagesSkippedByKind: Readonly<Record<string, number>>;
  /** Inbound messages dropped because `inboundQueueLimit` was reached. */
  readonly messagesDropped: number;
  /** Messages sent to the socket (audio and others). */
  readonly messagesSent: number;
  /** Audio chunks released to the serializer. */
  readonly audioChunksSent: number;
  /** Payload bytes and characters handed to the socket. */
  readonly bytesSent: number;
  /** Gaps in the caller audio filled with silence (`fillCallerAudioGaps`). */
  readonly callerAudioGapsFilled: number;
  /** Milliseconds of silence inserted into the caller audio for those gaps. */
  readonly callerSilenceInsertedMs: number;
}

/** Mutable counters behind `WebSocketTransportStats`. */
export class TransportStatsCounter {
  messagesReceived = 0;
  messagesSkipped = 0;
  readonly messagesSkippedByKind = new Map<string, number>();
  messagesDropped = 0;
  messagesSent = 0;
  audioChunksSent = 0;
  bytesSent = 0;
  callerAudioGapsFilled = 0;
  callerSilenceInsertedMs = 0;

  /** Counts a skipped message; returns true when it is the first of its kind. */
  countSkipped(kind: string): boolean {
    this.messagesSkipped++;
    const count = (this.messagesSkippedByKind.get(kind) ?? 0) + 1;
    this.messagesSkippedByKind.set(kind, count);
    return count === 1;
  }

  /** A frozen copy of the counters. */
  snapshot(): WebSocketTransportStats {
    return Object.freeze({
      messagesReceived: this.messagesReceived,
      messagesSkipped: this.messagesSkipped,
      messagesSkippedByKind: Object.freeze(Object.fromEntries(this.messagesSkippedByKind)),
      messagesDropped: this.messagesDropped,
      messagesSent: this.messagesSent,
      audioChunksSent: this.audioChunksSent,
      bytesSent: this.bytesSent,
      callerAudioGapsFilled: this.callerAudioGapsFilled,
      callerSilenceInsertedMs: this.callerSilenceInsertedMs,
    });
  }
}
