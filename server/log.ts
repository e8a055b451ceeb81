/**
 * Structured JSON logs, one object per line (Heroku's log drain and `heroku logs` read them
 * as they are). Values under keys that look secret are replaced before writing, so a careless
 * call site cannot leak a password, token or key.
 */

/** Fields of one log line; values must be JSON-serialisable. */
export type LogFields = Readonly<Record<string, unknown>>;

/** Where log lines go, plus the level helpers. Create with `createLogger`. */
export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

// Matched against each key name (case-insensitive). Access key *ids* are public identifiers
// (they appear in CloudTrail) and stay readable; anything secret-ish is redacted.
const SECRET_KEY_RE = /pass(word)?|secret|token|authorization|cookie|signature|credential|^url$|presigned/i;

function redact(value: unknown, depth = 0): unknown {
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] = SECRET_KEY_RE.test(k) ? '[redacted]' : redact(v, depth + 1);
  return out;
}

/** A logger writing JSON lines to `write` (default: stdout) with a clock for timestamps. */
export function createLogger(
  write: (line: string) => void = (l) => process.stdout.write(l),
  now: () => Date = () => new Date(),
): Logger {
  const emit = (level: string, msg: string, fields?: LogFields): void => {
    const safe = fields ? (redact(fields) as Record<string, unknown>) : {};
    write(`${JSON.stringify({ ts: now().toISOString(), level, msg, ...safe })}\n`);
  };
  return {
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
  };
}

/** What may be logged about an error: its name, code and message, never a request or a stack of secrets. */
export function errorFields(err: unknown): LogFields {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return {
      errName: err.name,
      errCode: typeof code === 'string' ? code : undefined,
      errMessage: err.message.slice(0, 500),
    };
  }
  return { errMessage: String(err).slice(0, 500) };
}
