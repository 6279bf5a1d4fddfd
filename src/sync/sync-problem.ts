/**
 * A sync failure in words a person reads (zh-CN and English): the server's own catalogue message
 * (server/src/errors.ts sends `{error: {code, message, zh}}`), or ours when the server could not be reached.
 */
import type { SyncProblem } from '../store/sync-state.ts';

/** A failure of one sync step, carrying its words. */
export class SyncFailure extends Error {
  readonly problem: SyncProblem;
  /** Whether trying again later may help (network, busy, rate limit, server error). */
  readonly transient: boolean;
  /** Seconds the server asked to wait (429 Retry-After). */
  readonly retryAfterS: number | null;
  constructor(problem: SyncProblem, transient: boolean, retryAfterS: number | null = null) {
    super(problem.en);
    this.name = 'SyncFailure';
    this.problem = problem;
    this.transient = transient;
    this.retryAfterS = retryAfterS;
  }
}

/** The server could not be reached at all. */
export function networkFailure(serverUrl: string, now = new Date()): SyncFailure {
  return new SyncFailure(
    {
      code: 'NETWORK',
      zh: `连不上同步服务器（${serverUrl}）：没有网络，或服务器未开。记录仍保存在本机，联网后会自动再试。`,
      en: `Cannot reach the sync server (${serverUrl}): no network, or the server is down. Records stay on this phone; sync retries when online.`,
      at: now.toISOString(),
    },
    true,
  );
}

/** A refusal or failure answered by the server. */
export function answerFailure(
  answer: { status: number; body: unknown; headers?: Headers },
  now = new Date(),
): SyncFailure {
  const error = (answer.body as { error?: { code?: string; message?: string; zh?: string } } | null)?.error;
  const code = error?.code ?? `HTTP_${answer.status}`;
  const retryAfter = Number(answer.headers?.get('retry-after') ?? Number.NaN);
  const transient = answer.status >= 500 || answer.status === 429 || code === 'CLOCK_SKEW' || code === 'BEHIND';
  return new SyncFailure(
    {
      code,
      zh: error?.zh ? `服务器拒绝：${error.zh}` : `服务器返回错误（HTTP ${answer.status}）`,
      en: error?.message ? `The server refused: ${error.message}` : `The server answered HTTP ${answer.status}`,
      at: now.toISOString(),
    },
    transient,
    Number.isFinite(retryAfter) ? retryAfter : null,
  );
}

/** Anything thrown during a sync, as a SyncFailure. */
export function asFailure(error: unknown, serverUrl: string, now = new Date()): SyncFailure {
  if (error instanceof SyncFailure) return error;
  // fetch rejects with a TypeError when the network or the server is not there (or CORS refused it).
  // A SyntaxError: an answer cut off half way (its JSON ends early) — the line, not the phone.
  if (error instanceof TypeError || error instanceof SyntaxError) return networkFailure(serverUrl, now);
  const message = (error as Error)?.message ?? String(error);
  return new SyncFailure(
    {
      code: 'LOCAL',
      zh: '同步时本机出错，已保存的记录没有改变；请稍后再试。',
      en: `Sync failed on this phone (${message}); nothing stored was changed. Try again later.`,
      at: now.toISOString(),
    },
    false,
  );
}
