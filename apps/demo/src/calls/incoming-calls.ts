import {
  type DetectedCall,
  detectProvider,
  type FrameSerializer,
  type Logger,
  POLICY_VIOLATION_CLOSE_CODE,
  ProviderDetectionError,
} from '@x/transport-core';
import type { WebSocket } from 'ws';
import type { EchoBotPrompts } from '../bot/prompts.js';
import type { DemoConfig } from '../config/demo-config.js';
import type { DemoMetrics } from '../metrics/demo-metrics.js';
import {
  type DemoCall,
  type DemoProvider,
  type DemoProviderName,
  SOFTPHONE_PROVIDER,
} from '../providers/demo-providers.js';
import type { ConnectionTicket } from '../server/connection-limits.js';
import type { CallRegistry } from './call-registry.js';
import { startEchoCall } from './echo-call.js';

/** Provider label of the browser softphone in logs and metrics. */
export const SOFTPHONE_LABEL = 'softphone';

/** What a call needs from the server. */
export interface IncomingCallDependencies {
  config: DemoConfig;
  metrics: DemoMetrics;
  logger: Logger;
  prompts: EchoBotPrompts;
  providers: readonly DemoProvider[];
  calls: CallRegistry;
}

/** A short reason for a close frame (at most 123 bytes). */
function closeReason(text: string): string {
  return Buffer.byteLength(text) <= 123 ? text : `${text.slice(0, 60)}…`;
}

/** Closes a stream that will not become a call, handing its held messages nowhere. */
function refuse(socket: WebSocket, detected: DetectedCall, reason: string): void {
  detected.takeMessages();
  socket.close(POLICY_VIOLATION_CLOSE_CODE, closeReason(reason));
}

async function detect(
  socket: WebSocket,
  providers: readonly DemoProvider[],
  dependencies: IncomingCallDependencies,
  endpoint: string,
): Promise<DemoCall | undefined> {
  try {
    return await detectProvider(socket, providers, { logger: dependencies.logger });
  } catch (error) {
    const failure = error instanceof ProviderDetectionError ? error.failure : 'error';
    const message = error instanceof Error ? error.message : String(error);
    dependencies.metrics.failedCallSetup(failure);
    dependencies.logger.warn({ endpoint, failure }, `call not started: ${message}`);
    socket.close(POLICY_VIOLATION_CLOSE_CODE, closeReason(message));
    return undefined;
  }
}

/**
 * Why a detected stream may not start a call, or `undefined` when it may: its provider's secret is
 * set but the upgrade was not authenticated, or its streams are call-bound and its `start` does
 * not carry a valid token for the call it names.
 */
function refusalOf(
  detected: DemoCall,
  verified: ReadonlySet<DemoProviderName>,
): { metric: string; reason: string } | undefined {
  const { provider } = detected;
  if (provider.security.upgradesVerified && !verified.has(provider.name)) {
    return {
      metric: 'unauthenticated',
      reason: `${provider.title} authentication required`,
    };
  }
  if (provider.security.callBoundStreams) {
    const result = provider.checkStream(detected.callData);
    if (!result.ok) {
      return { metric: 'bad-call-token', reason: `${provider.title} call token: ${result.reason}` };
    }
  }
  return undefined;
}

/**
 * A media stream on `/ws`: detects the provider from the first messages, refuses it (1008, before
 * any pipeline starts) when its stream secret is set but the upgrade was not authenticated, or
 * when its streams are call-bound and it does not prove its call; then runs the echo bot with the
 * provider's serializer (hang-up on when its credentials are set).
 */
export async function runProviderCall(
  socket: WebSocket,
  verified: ReadonlySet<DemoProviderName>,
  ticket: ConnectionTicket,
  dependencies: IncomingCallDependencies,
): Promise<void> {
  const { providers, metrics, logger } = dependencies;
  const detected = await detect(socket, providers, dependencies, '/ws');
  if (!detected) return;
  const { provider } = detected;
  const refusal = refusalOf(detected, verified);
  if (refusal) {
    metrics.refused('/ws', refusal.metric);
    logger.warn(
      { provider: provider.name, callId: detected.callData.callId },
      `stream refused: ${refusal.reason}`,
    );
    refuse(socket, detected, refusal.reason);
    return;
  }
  let serializer: FrameSerializer;
  try {
    // call-bound streams passed `checkStream` in `refusalOf`; others may never hang up
    serializer = provider.createSerializer(detected.callData, {
      callBound: provider.security.callBoundStreams,
      upgradeVerified: verified.has(provider.name),
    });
  } catch (error) {
    metrics.failedCallSetup('serializer');
    logger.error(
      { err: error, provider: provider.name, callId: detected.callData.callId },
      'cannot build the serializer',
    );
    refuse(socket, detected, (error as Error).message);
    return;
  }
  ticket.started();
  await startEchoCall({
    socket,
    detected,
    serializer,
    label: provider.name,
    dependencies,
  }).done;
}

/**
 * A call from the browser softphone on `/softphone/ws`: it speaks the Twilio protocol, so it is
 * detected with a Twilio provider alone and never hung up over REST (there is no real call).
 */
export async function runSoftphoneCall(
  socket: WebSocket,
  ticket: ConnectionTicket,
  dependencies: IncomingCallDependencies,
): Promise<void> {
  const detected = await detect(socket, [SOFTPHONE_PROVIDER], dependencies, '/softphone/ws');
  if (!detected) return;
  const serializer = detected.provider.createSerializer(detected.callData, { callBound: false });
  ticket.started();
  await startEchoCall({
    socket,
    detected,
    serializer,
    label: SOFTPHONE_LABEL,
    dependencies,
  }).done;
}
