// The root entry's share of telephony/: what bots and servers name. Everything a provider package
// is built from is exported by `@x/transport-core/provider-kit` (src/provider-kit.ts).
export type { FetchFunction, HangUpOutcome } from './call-hang-up.js';
export { CALL_TOKEN_PARAMETER } from './call-token.js';
