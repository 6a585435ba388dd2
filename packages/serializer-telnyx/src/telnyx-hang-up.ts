import { checkApiBaseUrl, type HangUpRequest } from '@x/transport-core/provider-kit';

/** Telnyx's REST API host. */
export const DEFAULT_TELNYX_API_BASE_URL = 'https://api.telnyx.com';

/** Error code Telnyx answers (with HTTP 422) when the call has already ended. */
export const TELNYX_CALL_ALREADY_ENDED_CODE = '90018';

/** HTTP status of a successful Call Control command. */
export const TELNYX_HANG_UP_SUCCESS_STATUS = 200;

/** HTTP status Telnyx answers with for a command on a call that has already ended. */
export const TELNYX_ALREADY_ENDED_STATUS = 422;

/**
 * Body of the hang-up request: an empty JSON object. It matches the declared
 * `Content-Type: application/json` and is what Telnyx's own SDK sends for a hang-up without
 * `client_state` or `command_id`.
 */
export const TELNYX_HANG_UP_BODY = '{}';

/** Options of `telnyxHangUpRequest`. */
export interface TelnyxHangUpRequestOptions {
  /** Telnyx API key (v2), sent as `Authorization: Bearer …`. */
  apiKey: string;
  /** The call's `call_control_id` (from the start message). */
  callControlId: string;
  /** API base URL; default `https://api.telnyx.com`. */
  apiBaseUrl?: string;
}

/** Percent-encodes what may not stand in a URL path segment (RFC 3986 pchar), keeping `:`. */
function pathSegment(value: string): string {
  return value.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@]+/g, encodeURIComponent);
}

/**
 * The Call Control hang-up: `POST {base}/v2/calls/{call_control_id}/actions/hangup` with
 * `Authorization: Bearer {apiKey}`, `Content-Type: application/json` and body `{}`.
 * @throws RangeError for an empty key or call id, a call id of `.` or `..`, or a bad base URL.
 */
export function telnyxHangUpRequest(options: TelnyxHangUpRequestOptions): HangUpRequest {
  const { apiKey, callControlId } = options;
  if (!apiKey) throw new RangeError('Telnyx hang-up needs an apiKey');
  if (!callControlId || callControlId === '.' || callControlId === '..') {
    throw new RangeError(`invalid Telnyx call_control_id ${JSON.stringify(callControlId)}`);
  }
  const base = checkApiBaseUrl(
    options.apiBaseUrl ?? DEFAULT_TELNYX_API_BASE_URL,
    'Telnyx apiBaseUrl',
  );
  return {
    url: `${base}/v2/calls/${pathSegment(callControlId)}/actions/hangup`,
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: TELNYX_HANG_UP_BODY,
  };
}

/** True for Telnyx's "call has already ended" answer: 422 with an `errors[].code` of `90018`. */
export function isTelnyxCallAlreadyEnded(status: number, body: string): boolean {
  if (status !== TELNYX_ALREADY_ENDED_STATUS) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return false;
  }
  const errors = (parsed as { errors?: unknown } | null)?.errors;
  return (
    Array.isArray(errors) &&
    errors.some(
      (error) =>
        error !== null &&
        typeof error === 'object' &&
        String((error as { code?: unknown }).code) === TELNYX_CALL_ALREADY_ENDED_CODE,
    )
  );
}
