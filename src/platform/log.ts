// What the logs may not keep: consumers' names, phones and addresses, passwords, session and
// order-lookup tokens. Known places are redacted by path; errors are scrubbed of what a failed
// query quotes (drizzle puts every parameter in its message, PostgreSQL quotes values in its
// detail); request URLs lose their token. Used by the root logger (main.ts makeLogger) and by
// buildApp for every request's logger.
import pino from 'pino';

const CENSOR = '[redacted]';

/** Paths pino blanks out wherever they appear at the top level or one level down. */
const REDACT = ['consumer', 'address', 'phone', 'password', 'newPassword', 'currentPassword', 'token', 'lookupToken', 'params', 'parameters']
  .flatMap((k) => [k, `*.${k}`])
  .concat(['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie', 'res.headers["set-cookie"]']);

const PHONE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;

/** A message or stack with what a failed query quoted taken out, and mobile numbers masked. */
export function scrubText(s: string): string {
  return s
    // drizzle: "Failed query: <sql>\nparams: <values>" (the stack repeats the message before "    at").
    .replace(/(\nparams: )[\s\S]*?(?=\n {4}at |$)/g, `$1${CENSOR}`)
    // PostgreSQL: "Key (phone)=(13800138000) already exists.", "Failing row contains (…)."
    .replace(/(Key \(.*?\)=\().*(\))/g, `$1${CENSOR}$2`)
    .replace(/(Failing row contains \().*(\))/gs, `$1${CENSOR}$2`)
    .replace(PHONE, '$1****$2');
}

function scrub(v: unknown, depth = 0): unknown {
  if (typeof v === 'string') return scrubText(v);
  if (depth > 6 || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => scrub(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = k === 'params' || k === 'parameters' ? CENSOR : scrub(x, depth + 1);
  return out;
}

/** Errors as pino's standard serializer writes them (type, message, stack, cause, own fields), scrubbed. */
export function serializeError(err: unknown): unknown {
  return scrub(err instanceof Error ? pino.stdSerializers.err(err) : err);
}

/** A request URL without the secrets some carry in the query (?token= of a consumer's order link). */
export function scrubUrl(url: string): string {
  return url.replace(/([?&](?:token|lookupToken|password)=)[^&#]*/gi, `$1${CENSOR}`);
}

interface LoggedRequest { method: string; url: string; host?: string; ip?: string; socket?: { remotePort?: number } }

export const logSerializers = {
  err: serializeError,
  error: serializeError,
  req: (req: LoggedRequest) => ({ method: req.method, url: scrubUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort }),
};

/** Options for pino(): spread them into the root logger's options. */
export const logOptions = {
  redact: { paths: REDACT, censor: CENSOR },
  serializers: logSerializers,
} satisfies pino.LoggerOptions;
