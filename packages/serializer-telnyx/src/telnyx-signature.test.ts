import {
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  verify,
  webcrypto,
} from 'node:crypto';
import Telnyx from 'telnyx';
import { TelnyxWebhook } from 'telnyx/lib/webhooks';
import { describe, expect, it } from 'vitest';
import { fixtureJson, fixtureText } from './__fixtures__/fixtures.js';
import {
  signTelnyxWebhook,
  TELNYX_SIGNATURE_HEADER,
  TELNYX_TIMESTAMP_HEADER,
  telnyxPublicKey,
  verifyTelnyxSignature,
} from './telnyx-signature.js';

interface SignatureVector {
  privateKeyHex: string;
  publicKeyBase64: string;
  publicKeyPem: string;
  timestamp: string;
  signatureBase64: string;
}

/** Computed by Python `cryptography` (make-signature-vector.py), not by this package. */
const vector = fixtureJson<SignatureVector>('telnyx-signature-vector.json');
const payload = fixtureText('webhook-payload.json');
const vectorNowMs = Number(vector.timestamp) * 1000;

/** RFC 8032 §7.1 TEST 1. */
const RFC8032_TEST1 = {
  secretKey: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
  publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
  signature:
    'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
};

/** An Ed25519 private key from its 32-byte seed. */
function privateKeyFromSeed(seedHex: string) {
  const pkcs8Prefix = Buffer.from('302e020100300506032b657004220420', 'hex');
  return createPrivateKey({
    key: Buffer.concat([pkcs8Prefix, Buffer.from(seedHex, 'hex')]),
    format: 'der',
    type: 'pkcs8',
  });
}

function verifyVector(overrides: Partial<Parameters<typeof verifyTelnyxSignature>[0]> = {}) {
  return verifyTelnyxSignature({
    publicKey: vector.publicKeyBase64,
    signature: vector.signatureBase64,
    timestamp: vector.timestamp,
    rawBody: payload,
    nowMs: vectorNowMs,
    ...overrides,
  });
}

function nowSeconds(): string {
  return String(Math.floor(Date.now() / 1000));
}

describe('Ed25519 keys', () => {
  it('reads the RFC 8032 TEST 1 public key so that the RFC signature verifies with it', () => {
    const publicKeyBase64 = Buffer.from(RFC8032_TEST1.publicKey, 'hex').toString('base64');
    expect(publicKeyBase64).toBe(vector.publicKeyBase64);
    const key = telnyxPublicKey(publicKeyBase64);
    const rfcSignature = Buffer.from(RFC8032_TEST1.signature, 'hex');
    expect(verify(null, new Uint8Array(0), key, rfcSignature)).toBe(true);
    expect(verify(null, new Uint8Array([0]), key, rfcSignature)).toBe(false);
    expect(sign(null, new Uint8Array(0), privateKeyFromSeed(RFC8032_TEST1.secretKey))).toEqual(
      rfcSignature,
    );
  });

  it('reads base64, PEM, raw bytes and KeyObjects, and refuses anything else by name', () => {
    expect(telnyxPublicKey(vector.publicKeyPem).asymmetricKeyType).toBe('ed25519');
    expect(telnyxPublicKey(Buffer.from(vector.publicKeyBase64, 'base64')).type).toBe('public');
    expect(() => telnyxPublicKey(Buffer.alloc(31).toString('base64'))).toThrow(
      'Telnyx public key must be 32 bytes (Ed25519), got 31',
    );
    expect(() => telnyxPublicKey('not base64!')).toThrow(/must be base64/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    expect(() => telnyxPublicKey(rsa)).toThrow(/must be an Ed25519 public key, got rsa public key/);
    expect(() => telnyxPublicKey(rsa.export({ type: 'spki', format: 'pem' }) as string)).toThrow(
      /Ed25519/,
    );
  });
});

describe('verifyTelnyxSignature with the fixed vector', () => {
  it('accepts the vector computed independently, with the key as base64 or PEM', () => {
    expect(verifyVector()).toEqual({ ok: true });
    expect(verifyVector({ publicKey: vector.publicKeyPem })).toEqual({ ok: true });
    expect(verifyVector({ rawBody: Buffer.from(payload, 'utf8') })).toEqual({ ok: true });
  });

  it('signs to the same bytes as the independent implementation (Ed25519 is deterministic)', () => {
    expect(
      signTelnyxWebhook({
        privateKey: privateKeyFromSeed(vector.privateKeyHex),
        timestamp: vector.timestamp,
        rawBody: payload,
      }),
    ).toBe(vector.signatureBase64);
  });

  it('accepts timestamps up to 300 s away and refuses 400 s old or ahead', () => {
    expect(verifyVector({ nowMs: vectorNowMs + 300_999 })).toEqual({ ok: true });
    expect(verifyVector({ nowMs: vectorNowMs - 300_000 })).toEqual({ ok: true });
    expect(verifyVector({ nowMs: vectorNowMs + 400_000 })).toEqual({
      ok: false,
      reason: 'telnyx-timestamp is 400 s old (limit 300 s)',
    });
    expect(verifyVector({ nowMs: vectorNowMs - 400_000 })).toEqual({
      ok: false,
      reason: 'telnyx-timestamp is 400 s in the future (limit 300 s)',
    });
  });

  it('fails each negative case of the Telnyx SDK tests, saying why', () => {
    expect(verifyVector({ signature: undefined })).toEqual({
      ok: false,
      reason: 'missing telnyx-signature-ed25519 header',
    });
    expect(verifyVector({ timestamp: undefined })).toEqual({
      ok: false,
      reason: 'missing telnyx-timestamp header',
    });
    expect(verifyVector({ signature: 'invalid_signature' })).toEqual({
      ok: false,
      reason: 'telnyx-signature-ed25519 is not base64',
    });
    expect(verifyVector({ timestamp: 'invalid_timestamp' })).toEqual({
      ok: false,
      reason: 'telnyx-timestamp is not Unix seconds',
    });
    expect(verifyVector({ signature: randomBytes(64).toString('base64') })).toEqual({
      ok: false,
      reason: 'signature does not match the body and timestamp',
    });
    expect(verifyVector({ signature: randomBytes(63).toString('base64') }).ok).toBe(false);
  });

  it('fails when the body, the timestamp or the key differ from what was signed', () => {
    expect(verifyVector({ rawBody: payload.replace('Paris', 'Parks') }).ok).toBe(false);
    expect(verifyVector({ rawBody: `${payload} ` }).ok).toBe(false);
    expect(verifyVector({ rawBody: JSON.stringify(JSON.parse(payload), null, 1) }).ok).toBe(false);
    expect(verifyVector({ timestamp: String(Number(vector.timestamp) + 1) }).ok).toBe(false);
    const otherKey = generateKeyPairSync('ed25519').publicKey;
    expect(verifyVector({ publicKey: otherKey }).ok).toBe(false);
  });
});

describe('cross-check with the telnyx SDK', () => {
  it('a signature we make verifies with the SDK, and a tampered body does not', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const publicKeyBase64 = Buffer.from(
      publicKey.export({ format: 'jwk' }).x as string,
      'base64url',
    ).toString('base64');
    const timestamp = nowSeconds();
    const signature = signTelnyxWebhook({ privateKey, timestamp, rawBody: payload });
    const headers = { [TELNYX_SIGNATURE_HEADER]: signature, [TELNYX_TIMESTAMP_HEADER]: timestamp };

    await expect(
      new TelnyxWebhook(publicKeyBase64).verify(payload, headers),
    ).resolves.toBeUndefined();
    const client = new Telnyx({ apiKey: 'KEY-not-used', publicKey: publicKeyBase64 });
    await expect(client.webhooks.unwrap(payload, { headers })).resolves.toMatchObject({
      data: { event_type: 'call.ai_gather.ended' },
    });
    await expect(
      new TelnyxWebhook(publicKeyBase64).verify(payload.replace('29', '30'), headers),
    ).rejects.toThrow(/signature does not match/);
  });

  it('a signature made the way the SDK tests make them verifies with ours', async () => {
    // telnyx-node tests/webhooks.test.ts: WebCrypto Ed25519 key pair, raw public key in base64,
    // signature over `${timestamp}|${payload}`.
    const keys = (await webcrypto.subtle.generateKey('Ed25519', true, [
      'sign',
      'verify',
    ])) as webcrypto.CryptoKeyPair;
    const rawPublicKey = new Uint8Array(await webcrypto.subtle.exportKey('raw', keys.publicKey));
    const timestamp = nowSeconds();
    const signature = Buffer.from(
      await webcrypto.subtle.sign(
        'Ed25519',
        keys.privateKey,
        new TextEncoder().encode(`${timestamp}|${payload}`),
      ),
    ).toString('base64');
    const publicKeyBase64 = Buffer.from(rawPublicKey).toString('base64');
    await expect(
      new TelnyxWebhook(publicKeyBase64).verify(payload, {
        [TELNYX_SIGNATURE_HEADER]: signature,
        [TELNYX_TIMESTAMP_HEADER]: timestamp,
      }),
    ).resolves.toBeUndefined();
    expect(
      verifyTelnyxSignature({ publicKey: publicKeyBase64, signature, timestamp, rawBody: payload }),
    ).toEqual({ ok: true });
    expect(
      verifyTelnyxSignature({
        publicKey: publicKeyBase64,
        signature,
        timestamp,
        rawBody: payload.replace('Paris', 'Rome'),
      }).ok,
    ).toBe(false);
  });

  it('agrees with the SDK on the fixed vector outside the replay window', async () => {
    // The SDK reads the real clock, so the 2023 vector is too old for it, as it is for us.
    await expect(
      new TelnyxWebhook(vector.publicKeyBase64).verify(payload, {
        [TELNYX_SIGNATURE_HEADER]: vector.signatureBase64,
        [TELNYX_TIMESTAMP_HEADER]: vector.timestamp,
      }),
    ).rejects.toThrow(/too old or too new/);
    expect(verifyVector({ nowMs: Date.now() }).ok).toBe(false);
  });
});
