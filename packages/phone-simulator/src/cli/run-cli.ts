import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { pcmToWav } from '@x/transport-core';
import { CallRefusedError } from '../call/call-refused-error.js';
import type { CallStep } from '../call/call-script.js';
import { runCall } from '../call/simulated-call.js';
import { formatCallSummary } from '../format/format-call-summary.js';
import { formatLoadReport } from '../format/format-load-report.js';
import { MAX_LOAD_CALLS, runLoad } from '../load/run-load.js';
import { parseProviderName } from '../providers/provider-name.js';
import { WebhookRefusedError } from '../webhook/webhook-refused-error.js';
import {
  dtmfOptions,
  headerOptions,
  integerOption,
  keyValueOptions,
  secondsOption,
  UsageError,
} from './cli-arguments.js';
import { webhookOptions } from './webhook-arguments.js';

/** Where the CLI writes, and the environment it reads (injectable for tests). */
export interface CliIo {
  /** Normal output (the table or the JSON). */
  stdout: (text: string) => void;
  /** Errors and notes. */
  stderr: (text: string) => void;
  /** Environment (for `PHONE_SIM_AUTH_TOKEN`). */
  env: Record<string, string | undefined>;
}

/** Exit code: the call or run went through and nothing was wrong. */
export const EXIT_OK = 0;
/** Exit code: it ran, but the bot broke the provider's protocol or calls failed. */
export const EXIT_PROBLEMS_FOUND = 1;
/** Exit code: bad arguments, or the bot could not be reached. */
export const EXIT_USAGE_OR_CONNECTION = 2;

/** Quiet time after which `phone-sim call` hangs up when no `--duration` is given, in seconds. */
const DEFAULT_QUIET_SECONDS = 2;
/** Hard limit on a `phone-sim call`, in seconds. */
const DEFAULT_MAX_CALL_SECONDS = 120;

export const USAGE = `phone-sim: a fake phone that speaks the Twilio, Telnyx and Plivo media-stream protocols

Usage:
  phone-sim call <ws-url> [options]     one call; prints a summary
  phone-sim call [<ws-url>] --webhook <url> [options]
                                        one call placed through the bot's webhook first
  phone-sim load <ws-url> --calls N --duration S [options]
                                        N concurrent calls; prints percentiles
  phone-sim help

Call and load options:
  --provider twilio|telnyx|plivo        protocol to speak (default twilio)
  --play <file.wav>                     what the caller says at the start (PCM16 WAV, any rate)
  --codec <codec>                       PCMU (default), PCMA (Telnyx), L16 (Telnyx, Plivo),
                                        or a Plivo content type like "audio/x-l16;rate=16000"
  --sample-rate <hz>                    L16 sample rate (default 8000)
  --param key=value                     custom parameter (repeatable): Twilio customParameters,
                                        Telnyx custom_parameters, Plivo extra_headers
  --header "Name: value"                extra WebSocket upgrade header (repeatable)
  --auth-token <secret>                 sign the upgrade like the provider: Twilio/Plivo auth
                                        token or Telnyx stream auth token (env PHONE_SIM_AUTH_TOKEN)
  --signature-url <url>                 the public URL to sign when it differs from <ws-url>
                                        (with --webhook: the markup's stream URL by default)
  --json                                print JSON instead of a table

Webhook options (call and load):
  --webhook <url>                       first POST the provider's signed call webhook to this
                                        http(s) URL, then open the stream its markup names,
                                        with its parameters and the same call id; connect to
                                        <ws-url> when given, else to the markup's stream URL
  --webhook-signature-url <url>         the public webhook URL the provider signs, when it
                                        differs from --webhook (e.g. behind a tunnel)
  --webhook-timeout <s>                 give up on the webhook's answer after this long (default 5)
  --telnyx-private-key <file.pem>       Telnyx: sign the webhook with this Ed25519 key (PKCS#8
                                        PEM); Twilio and Plivo webhooks are signed with --auth-token

Call options:
  --record <file.wav>                   write what the caller heard, on the call's timeline
  --dtmf <ms>:<digits>                  press digits at a call time, e.g. --dtmf 5000:# (repeatable)
  --duration <s>                        hang up at this call time
  --quiet <s>                           without --duration: hang up once everything is said and
                                        the bot has been silent this long (default ${DEFAULT_QUIET_SECONDS})
  --max-duration <s>                    hang up at this call time at the latest (default ${DEFAULT_MAX_CALL_SECONDS})
  --account-id <id>  --from <number>  --to <number>
  --fast                                skip real-time waits (virtual timeline)

Load options:
  --calls <n>                           concurrent calls (1-${MAX_LOAD_CALLS})
  --duration <s>                        length of each call
  --ramp <s>                            spread the call starts over this long (default 0)
  --max-wall <s>                        stop everything after this long (default ramp + duration + 15)

Exit codes: 0 fine, 1 protocol errors or failed calls, 2 bad arguments, bot unreachable, or
the bot refused the call (webhook or upgrade).`;

const SHARED_OPTIONS = {
  provider: { type: 'string', default: 'twilio' },
  play: { type: 'string' },
  codec: { type: 'string' },
  'sample-rate': { type: 'string' },
  param: { type: 'string', multiple: true },
  header: { type: 'string', multiple: true },
  'auth-token': { type: 'string' },
  'signature-url': { type: 'string' },
  webhook: { type: 'string' },
  'webhook-signature-url': { type: 'string' },
  'webhook-timeout': { type: 'string' },
  'telnyx-private-key': { type: 'string' },
  duration: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

const CALL_OPTIONS = {
  ...SHARED_OPTIONS,
  record: { type: 'string' },
  dtmf: { type: 'string', multiple: true },
  quiet: { type: 'string' },
  'max-duration': { type: 'string' },
  'account-id': { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  fast: { type: 'boolean', default: false },
} as const;

const LOAD_OPTIONS = {
  ...SHARED_OPTIONS,
  calls: { type: 'string' },
  ramp: { type: 'string' },
  'max-wall': { type: 'string' },
} as const;

/** Runs the `phone-sim` command line; resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'call':
        return await callCommand(rest, io);
      case 'load':
        return await loadCommand(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(USAGE);
        return EXIT_OK;
      default:
        throw new UsageError(`unknown command "${command}": expected call, load or help`);
    }
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.stderr(`phone-sim: ${(error as Error).message}\nRun "phone-sim help" for the options.`);
      return EXIT_USAGE_OR_CONNECTION;
    }
    io.stderr(`phone-sim: ${(error as Error).message}`);
    return EXIT_USAGE_OR_CONNECTION;
  }
}

async function callCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: CALL_OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const provider = parseProviderName(values.provider);
  const webhook = await webhookOptions(values, provider);
  const url = botUrl(positionals, webhook !== undefined);
  const durationMs = secondsOption('duration', values.duration);
  const quietMs = secondsOption('quiet', values.quiet) ?? DEFAULT_QUIET_SECONDS * 1000;
  const maxDurationMs =
    secondsOption('max-duration', values['max-duration'], 0.02) ?? DEFAULT_MAX_CALL_SECONDS * 1000;
  const script: CallStep[] = [];
  if (values.play !== undefined) script.push({ at: 0, play: { wavFile: values.play } });
  for (const press of dtmfOptions(values.dtmf)) script.push({ at: press.atMs, dtmf: press.digits });
  if (durationMs !== undefined) script.push({ at: durationMs, hangUp: true });
  const authToken = values['auth-token'] ?? io.env.PHONE_SIM_AUTH_TOKEN;
  const accountId = values['account-id'];
  let result: Awaited<ReturnType<typeof runCall>>;
  try {
    result = await runCall({
      url,
      provider,
      codec: values.codec,
      sampleRate: integerOption('sample-rate', values['sample-rate'], 1, 192_000),
      customParameters: keyValueOptions('param', values.param),
      headers: headerOptions(values.header),
      authToken,
      signatureUrl: values['signature-url'],
      webhook,
      ids: accountId === undefined ? undefined : { accountId },
      from: values.from,
      to: values.to,
      fast: values.fast,
      script,
      hangUpWhenQuietMs: durationMs === undefined ? quietMs : undefined,
      maxDurationMs,
      record: values.record !== undefined,
    });
  } catch (error) {
    if (error instanceof CallRefusedError || error instanceof WebhookRefusedError) {
      io.stderr(`phone-sim: ${error.message}`);
      return EXIT_USAGE_OR_CONNECTION;
    }
    throw error;
  }
  const { summary, recording } = result;
  if (values.record !== undefined && recording) {
    await writeFile(values.record, pcmToWav(recording.audio, recording.sampleRate, 1));
  }
  if (values.json) {
    io.stdout(JSON.stringify({ ...summary, recordingFile: values.record }, null, 2));
  } else {
    io.stdout(formatCallSummary(summary));
    if (values.record !== undefined) io.stdout(`  recording written to ${values.record}`);
  }
  return summary.protocolErrorCount > 0 ? EXIT_PROBLEMS_FOUND : EXIT_OK;
}

async function loadCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: LOAD_OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const provider = parseProviderName(values.provider);
  const webhook = await webhookOptions(values, provider);
  const url = botUrl(positionals, webhook !== undefined);
  const calls = integerOption('calls', values.calls, 1, MAX_LOAD_CALLS);
  if (calls === undefined) throw new UsageError('load needs --calls <n>');
  const durationMs = secondsOption('duration', values.duration, 0.02);
  if (durationMs === undefined) throw new UsageError('load needs --duration <seconds>');
  const report = await runLoad({
    url,
    provider,
    calls,
    durationMs,
    rampMs: secondsOption('ramp', values.ramp),
    maxWallMs: secondsOption('max-wall', values['max-wall'], 0.02),
    audio: values.play === undefined ? undefined : { wavFile: values.play },
    codec: values.codec,
    sampleRate: integerOption('sample-rate', values['sample-rate'], 1, 192_000),
    customParameters: keyValueOptions('param', values.param),
    headers: headerOptions(values.header),
    authToken: values['auth-token'] ?? io.env.PHONE_SIM_AUTH_TOKEN,
    signatureUrl: values['signature-url'],
    webhook,
  });
  io.stdout(values.json ? JSON.stringify(report, null, 2) : formatLoadReport(report));
  return report.calls.failed > 0 || report.protocolErrors.count > 0 ? EXIT_PROBLEMS_FOUND : EXIT_OK;
}

/** The bot's WebSocket URL: required, unless a webhook's markup will name it. */
function botUrl(positionals: readonly string[], hasWebhook: boolean): string | undefined {
  if (positionals.length === 0 && hasWebhook) return undefined;
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? 'missing the bot WebSocket URL (or --webhook <url>)'
        : `expected one URL, got ${positionals.map((value) => `"${value}"`).join(' ')}`,
    );
  }
  return positionals[0]!;
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
