import { twilioProvider } from '@x/serializer-twilio';
import {
  type CallData,
  type DetectedCall,
  detectProvider,
  type FetchFunction,
  type FrameSerializer,
  type Logger,
  type ProviderDescriptor,
  ProviderDetectionError,
} from '@x/transport-core';
import type { WebSocket } from 'ws';
import type { EchoBotPrompts } from '../bot/prompts.js';
import type { DemoConfig } from '../config/demo-config.js';
import type { DemoMetrics } from '../metrics/demo-metrics.js';
import type { DemoProvider, DemoProviderName } from '../providers/demo-providers.js';
import type { CallRegistry } from './call-registry.js';
import { startEchoCall } from './echo-call.js';

/** Close code for a connection refused by policy (RFC 6455 1008). */
export const POLICY_VIOLATION_CLOSE_CODE = 1008;
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
  fetch: FetchFunction | undefined;
}

/** A short reason for a close frame (at most 123 bytes). */
function closeReason(text: string): string {
  return Buffer.byteLength(text) <= 123 ? text : `${text.slice(0, 110)}…`;
}

async function detect(
  socket: WebSocket,
  descriptors: readonly ProviderDescriptor<CallData>[],
  dependencies: IncomingCallDependencies,
  endpoint: string,
): Promise<DetectedCall<CallData> | undefined> {
  try {
    return await detectProvider(socket, descriptors, { logger: dependencies.logger });
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
 * A media stream on `/ws`: detects the provider from the first messages, refuses it when its
 * stream secret is set but the upgrade was not authenticated, then runs the echo bot with the
 * provider's serializer (hang-up on when its credentials are set).
 */
export async function runProviderCall(
  socket: WebSocket,
  verified: ReadonlySet<DemoProviderName>,
  dependencies: IncomingCallDependencies,
): Promise<void> {
  const { providers, metrics, logger } = dependencies;
  const detected = await detect(
    socket,
    providers.map((provider) => provider.descriptor),
    dependencies,
    '/ws',
  );
  if (!detected) return;
  const provider = providers.find((candidate) => candidate.descriptor === detected.provider);
  if (!provider) {
    socket.close(POLICY_VIOLATION_CLOSE_CODE, 'unknown provider');
    return;
  }
  if (provider.upgradeVerifier && !verified.has(provider.name)) {
    metrics.refused('/ws', 'unauthenticated');
    logger.warn(
      { provider: provider.name, callId: detected.callData.callId },
      `${provider.title} stream refused: its secret is set but the connection carried no valid authentication`,
    );
    detected.takeMessages();
    socket.close(POLICY_VIOLATION_CLOSE_CODE, `${provider.title} authentication required`);
    return;
  }
  let serializer: FrameSerializer;
  try {
    serializer = detected.provider.createSerializer(
      detected.callData,
      provider.serializerOptions(dependencies.fetch),
    );
  } catch (error) {
    metrics.failedCallSetup('serializer');
    logger.error({ err: error, provider: provider.name }, 'cannot build the serializer');
    detected.takeMessages();
    socket.close(POLICY_VIOLATION_CLOSE_CODE, closeReason((error as Error).message));
    return;
  }
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
 * detected with the Twilio descriptor alone and never hung up over REST (there is no real call).
 */
export async function runSoftphoneCall(
  socket: WebSocket,
  dependencies: IncomingCallDependencies,
): Promise<void> {
  const twilio = twilioProvider as ProviderDescriptor<CallData>;
  const detected = await detect(socket, [twilio], dependencies, '/softphone/ws');
  if (!detected) return;
  const serializer = detected.provider.createSerializer(detected.callData, { autoHangUp: false });
  await startEchoCall({
    socket,
    detected,
    serializer,
    label: SOFTPHONE_LABEL,
    dependencies,
  }).done;
}
