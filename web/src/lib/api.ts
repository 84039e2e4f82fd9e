// The API client: JSON over /api/v1 with the session cookie, errors as ApiError carrying the
// server's problem+json (title already in the user's language).
import i18n from './i18n.ts';

export interface FieldError { path: string; message: string; row?: number; column?: string }

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, readonly title: string, readonly errors: FieldError[] = [], readonly body: Record<string, unknown> = {}) {
    super(title);
  }
}

export interface RequestOptions { body?: unknown; idempotencyKey?: string; raw?: BodyInit; contentType?: string; signal?: AbortSignal }

export async function api<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { 'accept-language': i18n.language === 'en' ? 'en' : 'zh-CN' };
  let body: BodyInit | undefined;
  if (opts.raw !== undefined) { body = opts.raw; if (opts.contentType) headers['content-type'] = opts.contentType; }
  else if (opts.body !== undefined) { body = JSON.stringify(opts.body); headers['content-type'] = 'application/json'; }
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, { method, headers, body, credentials: 'same-origin', signal: opts.signal });
  } catch {
    throw new ApiError(0, 'network', i18n.t('common.networkError'));
  }
  const text = await res.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const p = (data ?? {}) as { code?: string; title?: string; errors?: FieldError[] };
    throw new ApiError(res.status, p.code ?? 'internal', p.title ?? i18n.t('common.unknownError'), p.errors ?? [], data ?? {});
  }
  return data as T;
}

export const get = <T,>(path: string, signal?: AbortSignal) => api<T>('GET', path, { signal });
export const post = <T,>(path: string, body?: unknown, idempotencyKey?: string) => api<T>('POST', path, { body, idempotencyKey });
export const put = <T,>(path: string, body?: unknown) => api<T>('PUT', path, { body });

/** A fresh idempotency key for one user action (kept across retries of that action). */
export function newKey(prefix = 'web'): string {
  return `${prefix}-${crypto.randomUUID()}`;
}
