/** The parts of an HTTP request a signature check needs. */
export interface IncomingRequestLike {
  /** HTTP method, e.g. `POST` (webhooks) or `GET` (WebSocket upgrades). */
  method: string;
  /** The public URL the provider requested, as it signed it (see `publicRequestUrl`). */
  url: string;
  /** Request headers; names are matched case-insensitively. */
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The raw body exactly as received (webhooks); absent for upgrades. */
  rawBody?: string | Uint8Array;
}

/** Outcome of a request check: `ok`, or the reason it failed. */
export type VerificationResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: string };

/** Checks that requests really come from the provider. */
export interface RequestVerifier {
  /** Checks a webhook request (signature over URL and body). */
  verifyWebhook(request: IncomingRequestLike): VerificationResult;
  /** Checks a WebSocket upgrade request, before accepting the socket. */
  verifyUpgrade(request: IncomingRequestLike): VerificationResult;
}

/** Reads a header case-insensitively; repeated headers are joined with `, `. */
export function headerValue(
  headers: IncomingRequestLike['headers'],
  name: string,
): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return typeof value === 'string' ? value : value.join(', ');
  }
  return undefined;
}
