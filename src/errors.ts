/**
 * The one error catalogue (see ../shared/CONVENTIONS.md §6). Every error coalzone raises on purpose is a
 * CoalzoneError with a stable `code` that the UI and CLI translate; `detail` carries plain data
 * (line numbers, values) for the message, never HTML.
 */

/** Stable reason codes. Add, never rename: exported files and the UI's translations key on them. */
export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'INVALID_GEOJSON'
  | 'INVALID_ZONE'
  | 'INVALID_COORDINATE'
  | 'AMBIGUOUS_COORDINATE'
  | 'OUT_OF_RANGE'
  | 'OUTSIDE_CHINA'
  | 'UNSUPPORTED_FORMAT'
  | 'MALFORMED_FILE'
  | 'MISSING_COLUMN'
  | 'ABORTED';

/** Base class: a failure with a stable code and serialisable detail. */
export class CoalzoneError extends Error {
  readonly code: ErrorCode;
  readonly detail: Readonly<Record<string, unknown>>;
  constructor(code: ErrorCode, message: string, detail: Record<string, unknown> = {}) {
    super(message);
    this.name = 'CoalzoneError';
    this.code = code;
    this.detail = detail;
  }
}

/** User data that cannot be used (a file, a typed coordinate, a zone). */
export class InputError extends CoalzoneError {
  constructor(code: ErrorCode, message: string, detail: Record<string, unknown> = {}) {
    super(code, message, detail);
    this.name = 'InputError';
  }
}

/** A file that could not be read as what it claims to be; `line` is 1-based where known. */
export class FileFormatError extends InputError {
  constructor(message: string, detail: Record<string, unknown> & { line?: number } = {}) {
    super('MALFORMED_FILE', message, detail);
    this.name = 'FileFormatError';
  }
}

/** Thrown when an AbortSignal fires during a long operation. */
export class AbortedError extends CoalzoneError {
  constructor() {
    super('ABORTED', 'The operation was aborted');
    this.name = 'AbortedError';
  }
}

/** Programmer misuse: names the bad value. Not for user data (validators return reasons instead). */
export function invalidArgument(name: string, value: unknown, expected: string): CoalzoneError {
  return new CoalzoneError('INVALID_ARGUMENT', `${name} must be ${expected}, got ${JSON.stringify(value)}`, {
    name,
  });
}

/** Throws AbortedError when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortedError();
}

/** A validator's answer: valid, or the reasons with stable codes (terra-draw's validation shape). */
export type Validation = { valid: true } | { valid: false; reasons: Reason[] };

/** One reason a piece of user data was refused. `path` points into the data (e.g. "geometry.coordinates[0][3]"). */
export interface Reason {
  code: string;
  message: string;
  path?: string;
}

/** A reader's error as the user must see it: naming the file as they gave it (`shown`: a path on the command
 *  line, a file name in the app). Readers know only the file's `name` (what provenance keeps); a message that
 *  starts with it gets the shown form instead, any other gets it in front. Other errors pass unchanged. */
export function namingFile(error: unknown, shown: string, name: string): unknown {
  if (!(error instanceof CoalzoneError) || error.message.includes(shown)) return error;
  const message = error.message.startsWith(name)
    ? `${shown}${error.message.slice(name.length)}`
    : `${shown}: ${error.message}`;
  return new InputError(error.code, message, { ...error.detail });
}
