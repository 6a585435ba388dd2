import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { ProviderName } from '../providers/provider-name.js';
import type { WebhookDialOptions } from '../webhook/webhook-dial-options.js';
import { secondsOption, UsageError } from './cli-arguments.js';

/** The command-line values that shape the webhook step. */
export interface WebhookArgumentValues {
  /** `--webhook <url>` */
  webhook?: string | undefined;
  /** `--webhook-signature-url <url>` */
  'webhook-signature-url'?: string | undefined;
  /** `--webhook-timeout <s>` */
  'webhook-timeout'?: string | undefined;
  /** `--telnyx-private-key <file.pem>` */
  'telnyx-private-key'?: string | undefined;
}

/**
 * `CallOptions.webhook` from the `--webhook…` options, or undefined without `--webhook`. The
 * Twilio and Plivo webhook is signed with `--auth-token` (as the provider signs both requests);
 * Telnyx's with the Ed25519 key of `--telnyx-private-key` (a PKCS#8 PEM file).
 * @throws UsageError for a companion option without `--webhook`, or a key that cannot be read.
 */
export async function webhookOptions(
  values: WebhookArgumentValues,
  provider: ProviderName,
): Promise<WebhookDialOptions | undefined> {
  const url = values.webhook;
  if (url === undefined) {
    for (const name of [
      'webhook-signature-url',
      'webhook-timeout',
      'telnyx-private-key',
    ] as const) {
      if (values[name] !== undefined) throw new UsageError(`--${name} needs --webhook <url>`);
    }
    return undefined;
  }
  const options: WebhookDialOptions = { url };
  if (values['webhook-signature-url'] !== undefined) {
    options.signatureUrl = values['webhook-signature-url'];
  }
  const timeoutMs = secondsOption('webhook-timeout', values['webhook-timeout'], 0.001);
  if (timeoutMs !== undefined) options.timeoutMs = timeoutMs;
  const keyFile = values['telnyx-private-key'];
  if (keyFile !== undefined) {
    if (provider !== 'telnyx') {
      throw new UsageError(
        '--telnyx-private-key signs Telnyx webhooks: use it with --provider telnyx',
      );
    }
    options.telnyxKeys = { privateKey: await readEd25519PrivateKey(keyFile) };
  }
  return options;
}

async function readEd25519PrivateKey(file: string): Promise<KeyObject> {
  let key: KeyObject;
  try {
    key = createPrivateKey(await readFile(file));
  } catch (error) {
    throw new UsageError(
      `--telnyx-private-key: cannot read a private key from "${file}": ${(error as Error).message}`,
    );
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new UsageError(
      `--telnyx-private-key: "${file}" holds a ${key.asymmetricKeyType} key; ` +
        'Telnyx signs with Ed25519',
    );
  }
  return key;
}
