// Every failure talking to one ComfyUI backend, as one error type whose `kind` says what
// happened; isTransient() says whether trying again later can help.

export type ComfyErrorInfo =
  /** Connection refused / reset / DNS / socket closed: the backend is down or the URL is wrong. */
  | { kind: 'unreachable'; code: string }
  | { kind: 'timeout'; afterMs: number }
  /** An HTTP status ComfyUI does not use for a more specific case below. */
  | { kind: 'http'; status: number }
  /** POST /prompt rejected the graph (400): ComfyUI's own message. Also local param validation. */
  | { kind: 'validation'; nodeErrors: NodeErrorLine[] }
  /** The backend lacks a node class the workflow uses (install the custom node pack). */
  | { kind: 'node-missing'; nodeType: string }
  /** Request body over the server's --max-upload-size (413). */
  | { kind: 'too-large'; size: number; limit: number | null }
  /** The backend named or served something that is not a safe image. */
  | { kind: 'bad-output'; name: string }
  /** The backend answered something that is not ComfyUI's protocol (bad JSON, wrong shape, too big). */
  | { kind: 'protocol' }
  /** The prompt ran and a node raised (execution_error). */
  | { kind: 'execution'; nodeId: string | null; nodeType: string | null }
  /** The prompt was interrupted on the backend (by us, another client or the ComfyUI UI). */
  | { kind: 'interrupted' }
  /** The backend no longer knows the prompt (restarted, or its history was cleared before we read it). */
  | { kind: 'lost' };

export type ComfyErrorKind = ComfyErrorInfo['kind'];

export interface NodeErrorLine {
  nodeId: string;
  classType: string | null;
  message: string;
}

export class ComfyError extends Error {
  readonly kind: ComfyErrorKind;
  constructor(
    readonly info: ComfyErrorInfo,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ComfyError';
    this.kind = info.kind;
  }
}

/**
 * Worth retrying later (maybe on another backend): the backend was down, slow or failing
 * internally (5xx), or it lost the prompt. 408/429 are the server saying "not now". Everything
 * else would fail again the same way.
 */
export function isTransient(err: unknown): boolean {
  if (!(err instanceof ComfyError)) return false;
  const { info } = err;
  switch (info.kind) {
    case 'unreachable':
    case 'timeout':
    case 'lost':
      return true;
    case 'http':
      return info.status >= 500 || info.status === 408 || info.status === 429;
    case 'validation':
    case 'node-missing':
    case 'too-large':
    case 'bad-output':
    case 'protocol':
    case 'execution':
    case 'interrupted':
      return false;
    default: {
      const never: never = info;
      return never;
    }
  }
}
