/** Signed requests: the code lives with the app (src/sync/sign-request.ts), which signs with it; the server
 *  checks with the same statement. */
export {
  requestStatement,
  SIGNATURE_HEADERS,
  type SignedRequestFields,
  signRequest,
} from '../../src/sync/sign-request.ts';
