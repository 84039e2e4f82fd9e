// What a request may carry, checked before any route sees it: JSON nested no deeper than a limit
// (judged on the raw text, before JSON.parse builds a tree), and text that PostgreSQL can store
// and a person can mean — no NUL or other control characters (tab and line breaks are text), no
// unpaired UTF-16 surrogates (jsonb refuses them), and in bodies no text of blanks only.
import { AppError, type FieldIssue } from './errors.ts';

/** Deeper than `max` levels of arrays and objects? One pass over the text; brackets inside strings do not count. */
export function nestingExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // a backslash: the next character is escaped
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) { if (++depth > max) return true; }
    else if (c === 125 || c === 93) depth--;
  }
  return false;
}

const NOT_ALLOWED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MAX_ISSUES = 20;

/** Field issues for every string under `value` (paths as validation errors write them: body.consumer.name). */
export function textIssues(value: unknown, path: string, opts: { blanks: boolean }, out: FieldIssue[] = []): FieldIssue[] {
  if (out.length >= MAX_ISSUES) return out;
  if (typeof value === 'string') {
    if (NOT_ALLOWED.test(value)) out.push({ path, message: 'contains a character that is not allowed' });
    else if (opts.blanks && value.length > 0 && value.trim() === '') out.push({ path, message: 'required' });
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) textIssues(value[i], `${path}.${i}`, opts, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) textIssues(v, `${path}.${k}`, opts, out);
  }
  return out;
}

/** The JSON body parser's work: depth, then JSON.parse, then the text. Throws AppError. */
export function parseJsonBody(text: string, maxDepth: number): unknown {
  if (nestingExceeds(text, maxDepth)) throw new AppError('json_too_deep', { extra: { maxDepth } });
  let body: unknown;
  try { body = JSON.parse(text); } catch { throw new AppError('validation_failed', { detail: 'the body is not valid JSON' }); }
  const issues = textIssues(body, 'body', { blanks: true });
  if (issues.length) throw new AppError('validation_failed', { fields: issues });
  return body;
}

/** Query strings and path parameters: no control characters or broken text (blanks are a search's business). */
export function checkRequestText(query: unknown, params: unknown): void {
  const issues = textIssues(query, 'querystring', { blanks: false });
  textIssues(params, 'params', { blanks: false }, issues);
  if (issues.length) throw new AppError('validation_failed', { fields: issues });
}
