import {
  basicAuthorization,
  checkApiBaseUrl,
  type HangUpRequest,
} from '@x/transport-core/provider-kit';

/** Plivo's REST API host. */
export const DEFAULT_PLIVO_API_BASE_URL = 'https://api.plivo.com';

/** Statuses of a successful hang-up (`DELETE …/Call/{uuid}/` answers 204 No Content). */
export const PLIVO_HANG_UP_SUCCESS_STATUSES: readonly number[] = Object.freeze([204]);

/** Status Plivo answers when the call had already ended: treated as success. */
export const PLIVO_CALL_NOT_FOUND_STATUS = 404;

/** What the hang-up request needs. */
export interface PlivoHangUpRequestOptions {
  /** Auth ID (`MA…` or `SA…`): Basic auth user and the account in the URL. */
  authId: string;
  /** Auth token: Basic auth password. */
  authToken: string;
  /** The call UUID (`start.callId`). Must not be empty: see `plivoHangUpRequest`. */
  callId: string;
  /** API base URL; default `https://api.plivo.com`. */
  apiBaseUrl?: string;
}

/**
 * Refuses a call id that would not name exactly one call. Plivo's docs: "If CallUUID is not
 * specified, all ongoing calls in that particular account will get disconnected" — so an empty
 * or blank id, or a dot segment that a URL parser would collapse (`/Call/../`), must never
 * reach the URL.
 * @throws RangeError naming the value.
 */
export function checkPlivoCallId(callId: unknown): string {
  if (typeof callId !== 'string' || callId.trim().length === 0 || /^\.{1,2}$/.test(callId)) {
    throw new RangeError(
      `refusing a Plivo hang-up with call id ${JSON.stringify(callId)}: without a call UUID ` +
        'Plivo would disconnect every ongoing call of the account',
    );
  }
  return callId;
}

/**
 * The REST request that hangs up one Plivo call:
 * `DELETE {apiBaseUrl}/v1/Account/{authId}/Call/{callId}/` with HTTP Basic `authId:authToken`
 * and no body.
 * @throws RangeError when the call id is empty or blank (it would end every call of the
 * account), or when the auth id or token is empty.
 */
export function plivoHangUpRequest(options: PlivoHangUpRequestOptions): HangUpRequest {
  const callId = checkPlivoCallId(options.callId);
  if (!options.authId) throw new RangeError('a Plivo hang-up needs a non-empty authId');
  if (!options.authToken) throw new RangeError('a Plivo hang-up needs a non-empty authToken');
  const base = checkApiBaseUrl(
    options.apiBaseUrl ?? DEFAULT_PLIVO_API_BASE_URL,
    'Plivo apiBaseUrl',
  );
  const url =
    `${base}/v1/Account/${encodeURIComponent(options.authId)}` +
    `/Call/${encodeURIComponent(callId)}/`;
  return {
    url,
    method: 'DELETE',
    headers: { Authorization: basicAuthorization(options.authId, options.authToken) },
  };
}

/** Plivo's "already ended" answer to a hang-up: 404 (the call is gone). */
export function isPlivoCallAlreadyEnded(status: number): boolean {
  return status === PLIVO_CALL_NOT_FOUND_STATUS;
}
