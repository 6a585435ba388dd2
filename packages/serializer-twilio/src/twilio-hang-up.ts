import {
  basicAuthorization,
  checkApiBaseUrl,
  type HangUpRequest,
} from '@x/transport-core/provider-kit';

/** Twilio's REST API host when no region, edge or base URL is given. */
export const DEFAULT_TWILIO_API_BASE_URL = 'https://api.twilio.com';
/** Region used when only an edge is given (as twilio-node does). */
export const TWILIO_DEFAULT_REGION = 'us1';
/** Statuses of a successful hang-up (the Call resource is returned). */
export const TWILIO_HANG_UP_SUCCESS_STATUSES: readonly number[] = [200];
/** Twilio error code: the call resource was not found (it ended and is gone). */
export const TWILIO_NOT_FOUND_ERROR_CODE = 20404;
/** Twilio error code: the call is not in progress (it already ended). */
export const TWILIO_CALL_NOT_IN_PROGRESS_ERROR_CODE = 21220;

const HOST_LABEL_PATTERN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** Where Twilio's REST API is reached. */
export interface TwilioApiLocation {
  /** Full base URL (e.g. a test server); overrides `region` and `edge`. Trailing `/` is ignored. */
  apiBaseUrl?: string | undefined;
  /** Twilio region of the call (e.g. `au1`); needs `edge` too, unless `apiBaseUrl` is given. */
  region?: string | undefined;
  /** Twilio edge location (e.g. `sydney`); the region defaults to `us1`. */
  edge?: string | undefined;
}

function checkedHostLabel(value: string, option: string): string {
  if (!HOST_LABEL_PATTERN.test(value)) {
    throw new RangeError(
      `invalid Twilio ${option} ${JSON.stringify(value)}: expected a lowercase host label such as "sydney" or "au1"`,
    );
  }
  return value;
}

/**
 * The base URL of Twilio's REST API: `apiBaseUrl` when given (without trailing `/`), else
 * `https://api.{edge}.{region}.twilio.com` for a call outside the US region (a call's SID is only
 * found in its own region), else `https://api.twilio.com`.
 *
 * @throws RangeError for a region without an edge, a malformed region or edge, or an
 * `apiBaseUrl` that is not an absolute http(s) URL.
 */
export function twilioApiBaseUrl(location: TwilioApiLocation = {}): string {
  const { apiBaseUrl, region, edge } = location;
  if (apiBaseUrl !== undefined) return checkApiBaseUrl(apiBaseUrl);
  if (region && !edge) {
    throw new RangeError(
      `Twilio region ${JSON.stringify(region)} needs an edge too (e.g. region "au1" with edge "sydney"), or pass apiBaseUrl`,
    );
  }
  if (!edge) return DEFAULT_TWILIO_API_BASE_URL;
  const regionLabel = checkedHostLabel(region || TWILIO_DEFAULT_REGION, 'region');
  return `https://api.${checkedHostLabel(edge, 'edge')}.${regionLabel}.twilio.com`;
}

/** Everything the hang-up request needs. */
export interface TwilioHangUpRequestOptions extends TwilioApiLocation {
  /** Account SID (`AC…`) that owns the call; it goes in the URL. */
  accountSid: string;
  /** Call SID (`CA…`) to hang up. */
  callSid: string;
  /** Auth token of the account (Basic auth `accountSid:authToken`). */
  authToken?: string | undefined;
  /** API key SID (`SK…`), used with `apiKeySecret` instead of the auth token. */
  apiKeySid?: string | undefined;
  /** API key secret, used with `apiKeySid`. */
  apiKeySecret?: string | undefined;
}

/**
 * The REST request that ends a call: `POST {base}/2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}.json`
 * with HTTP Basic auth and the form body `Status=completed`.
 *
 * @throws RangeError for an empty SID, missing credentials or a bad API location.
 */
export function twilioHangUpRequest(options: TwilioHangUpRequestOptions): HangUpRequest {
  const { accountSid, callSid, authToken, apiKeySid, apiKeySecret } = options;
  if (!accountSid) throw new RangeError('cannot hang up: accountSid is empty');
  if (!callSid) throw new RangeError('cannot hang up: callSid is empty');
  const useApiKey = Boolean(apiKeySid && apiKeySecret);
  if (!useApiKey && !authToken) {
    throw new RangeError('cannot hang up: pass authToken, or apiKeySid with apiKeySecret');
  }
  const base = twilioApiBaseUrl(options);
  const path = `/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Calls/${encodeURIComponent(callSid)}.json`;
  const authorization = useApiKey
    ? basicAuthorization(apiKeySid!, apiKeySecret!)
    : basicAuthorization(accountSid, authToken!);
  return {
    url: `${base}${path}`,
    method: 'POST',
    headers: {
      authorization,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: 'Status=completed',
  };
}

function errorCodeOf(body: string): number | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const code = (parsed as { code?: unknown } | null)?.code;
    if (typeof code === 'number') return code;
    if (typeof code === 'string' && /^\d+$/.test(code)) return Number(code);
  } catch {
    // not JSON: no code
  }
  return undefined;
}

/**
 * True when Twilio's answer to a hang-up means the call had already ended: 404 with error code
 * 20404 (the call is gone) or 400 with code 21220 (the call is not in progress).
 */
export function isTwilioCallAlreadyEnded(status: number, body: string): boolean {
  if (status !== 404 && status !== 400) return false;
  const code = errorCodeOf(body);
  return (
    (status === 404 && code === TWILIO_NOT_FOUND_ERROR_CODE) ||
    (status === 400 && code === TWILIO_CALL_NOT_IN_PROGRESS_ERROR_CODE)
  );
}
