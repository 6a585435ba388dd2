import {
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  sign as signMessage,
  verify as verifySignature,
} from 'node:crypto';
import type { VerificationResult } from '@x/transport-core';
import { isStrictBase64 } from '@x/transport-core/provider-kit';

/** Header with the base64 Ed25519 signature of a webhook. */
export const TELNYX_SIGNATURE_HEADER = 'telnyx-signature-ed25519';

/** Header with the Unix time (seconds) the webhook was signed at. */
export const TELNYX_TIMESTAMP_HEADER = 'telnyx-timestamp';

/** Largest accepted difference between a webhook's timestamp and now, in seconds. */
export const DEFAULT_TELNYX_SIGNATURE_TOLERANCE_SECONDS = 300;

/** Bytes in an Ed25519 public key. */
const ED25519_PUBLIC_KEY_BYTES = 32;

/** Bytes in an Ed25519 signature. */
const ED25519_SIGNATURE_BYTES = 64;

const MILLISECONDS_PER_SECOND = 1000;

const UNIX_SECONDS = /^\d{1,15}$/;

/**
 * A Telnyx webhook public key: base64 of the 32 raw bytes (as Mission Control shows it), an
 * SPKI PEM (`-----BEGIN PUBLIC KEY-----`), the 32 raw bytes, or a `KeyObject`.
 */
export type TelnyxPublicKeyInput = string | Uint8Array | KeyObject;

function rawEd25519PublicKey(bytes: Uint8Array): KeyObject {
  if (bytes.byteLength !== ED25519_PUBLIC_KEY_BYTES) {
    throw new RangeError(
      `Telnyx public key must be ${ED25519_PUBLIC_KEY_BYTES} bytes (Ed25519), got ${bytes.byteLength}`,
    );
  }
  const x = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
}

function checkEd25519(key: KeyObject): KeyObject {
  if (key.type !== 'public' || key.asymmetricKeyType !== 'ed25519') {
    throw new RangeError(
      `Telnyx public key must be an Ed25519 public key, got ${key.asymmetricKeyType ?? 'a'} ${key.type} key`,
    );
  }
  return key;
}

/**
 * Reads a Telnyx webhook public key once (keep the result: verifying then costs no parsing).
 * @throws RangeError when the key is not base64 of 32 bytes, an Ed25519 SPKI PEM, 32 bytes or
 * an Ed25519 public `KeyObject`.
 */
export function telnyxPublicKey(key: TelnyxPublicKeyInput): KeyObject {
  if (typeof key === 'string') {
    const text = key.trim();
    if (text.startsWith('-----BEGIN')) {
      let parsed: KeyObject;
      try {
        parsed = createPublicKey(text);
      } catch {
        throw new RangeError('Telnyx public key PEM could not be read');
      }
      return checkEd25519(parsed);
    }
    if (!isStrictBase64(text) || text.length === 0) {
      throw new RangeError(
        'Telnyx public key must be base64 (as shown in Mission Control) or a PEM',
      );
    }
    return rawEd25519PublicKey(Buffer.from(text, 'base64'));
  }
  if (key instanceof Uint8Array) return rawEd25519PublicKey(key);
  return checkEd25519(key);
}

function bytesOf(body: string | Uint8Array): Uint8Array {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}

/** The signed message: the UTF-8 timestamp, `|`, then the raw body bytes exactly as received. */
function signedMessage(timestamp: string, rawBody: string | Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`${timestamp}|`, 'utf8'), bytesOf(rawBody)]);
}

/** Options of `verifyTelnyxSignature`. */
export interface VerifyTelnyxSignatureOptions {
  /** The webhook public key (see `telnyxPublicKey`; pass a `KeyObject` to avoid re-parsing). */
  publicKey: TelnyxPublicKeyInput;
  /** The `telnyx-signature-ed25519` header. */
  signature: string | undefined;
  /** The `telnyx-timestamp` header. */
  timestamp: string | undefined;
  /** The request body exactly as received (never re-serialised JSON). */
  rawBody: string | Uint8Array;
  /** Current time in milliseconds since the epoch; default `Date.now()`. */
  nowMs?: number | undefined;
  /** Largest accepted |now − timestamp|, in seconds; default 300. */
  toleranceSeconds?: number | undefined;
}

/**
 * Checks a Telnyx webhook signature: Ed25519 over `timestamp + "|" + rawBody`, with the
 * timestamp within `toleranceSeconds` of now (replay window). Never throws for bad input: the
 * result says why it failed. A malformed public key still throws (it is configuration).
 */
export function verifyTelnyxSignature(options: VerifyTelnyxSignatureOptions): VerificationResult {
  const { signature, timestamp } = options;
  if (signature === undefined || signature.length === 0) {
    return { ok: false, reason: `missing ${TELNYX_SIGNATURE_HEADER} header` };
  }
  if (timestamp === undefined || timestamp.length === 0) {
    return { ok: false, reason: `missing ${TELNYX_TIMESTAMP_HEADER} header` };
  }
  if (!UNIX_SECONDS.test(timestamp)) {
    return { ok: false, reason: `${TELNYX_TIMESTAMP_HEADER} is not Unix seconds` };
  }
  const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_TELNYX_SIGNATURE_TOLERANCE_SECONDS;
  const nowSeconds = Math.floor((options.nowMs ?? Date.now()) / MILLISECONDS_PER_SECOND);
  const ageSeconds = nowSeconds - Number(timestamp);
  if (Math.abs(ageSeconds) > toleranceSeconds) {
    return {
      ok: false,
      reason: `${TELNYX_TIMESTAMP_HEADER} is ${Math.abs(ageSeconds)} s ${ageSeconds > 0 ? 'old' : 'in the future'} (limit ${toleranceSeconds} s)`,
    };
  }
  if (!isStrictBase64(signature)) {
    return { ok: false, reason: `${TELNYX_SIGNATURE_HEADER} is not base64` };
  }
  const signatureBytes = Buffer.from(signature, 'base64');
  if (signatureBytes.byteLength !== ED25519_SIGNATURE_BYTES) {
    return {
      ok: false,
      reason: `${TELNYX_SIGNATURE_HEADER} is ${signatureBytes.byteLength} bytes, not ${ED25519_SIGNATURE_BYTES}`,
    };
  }
  const publicKey = telnyxPublicKey(options.publicKey);
  const valid = verifySignature(
    null,
    signedMessage(timestamp, options.rawBody),
    publicKey,
    signatureBytes,
  );
  return valid
    ? { ok: true }
    : { ok: false, reason: 'signature does not match the body and timestamp' };
}

/** Options of `signTelnyxWebhook`. */
export interface SignTelnyxWebhookOptions {
  /** Ed25519 private key: a `KeyObject` or a PKCS#8 PEM. */
  privateKey: KeyObject | string;
  /** Unix time in seconds, as it goes in `telnyx-timestamp`. */
  timestamp: string | number;
  /** The exact body to send. */
  rawBody: string | Uint8Array;
}

/**
 * Signs a webhook the way Telnyx does (base64 Ed25519 over `timestamp|body`), for tests and
 * simulators that play Telnyx. Telnyx holds the private key of real webhooks.
 * @throws RangeError when the key is not an Ed25519 private key.
 */
export function signTelnyxWebhook(options: SignTelnyxWebhookOptions): string {
  const key =
    typeof options.privateKey === 'string'
      ? createPrivateKey(options.privateKey)
      : options.privateKey;
  if (key.type !== 'private' || key.asymmetricKeyType !== 'ed25519') {
    throw new RangeError('signTelnyxWebhook needs an Ed25519 private key');
  }
  return signMessage(null, signedMessage(String(options.timestamp), options.rawBody), key).toString(
    'base64',
  );
}
