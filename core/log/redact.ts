/**
 * What never reaches a log file: session and refresh tokens, AWS keys, passwords, pre-signed
 * URL query strings, Authorization headers. Two passes: fields whose *name* says secret are
 * replaced whatever their value, then every string is scrubbed of the shapes secrets have
 * (a JWT, an access key id, a 40-character secret key, a long session token, a URL's query).
 */

const MARK = '[redacted]';

/** Field names whose values are secret, whatever they look like. */
const SECRET_NAME =
  /^(x-amz-)?(password|passwd|pwd|pass|secret|token|accesstoken|refreshtoken|sessiontoken|securitytoken|idtoken|apikey|secretaccesskey|accesskeyid|secretkey|accesskey|authorization|cookie|setcookie|credentials?|signature|privatekey)$/;

function secretName(name: string): boolean {
  return SECRET_NAME.test(name.toLowerCase().replace(/[-_\s]/g, ''));
}

const NAMES =
  'password|passwd|pwd|secret|token|access[_-]?token|refresh[_-]?token|session[_-]?token|security[_-]?token|id[_-]?token|api[_-]?key|secret[_-]?access[_-]?key|access[_-]?key[_-]?id|aws[_-]?secret[_-]?access[_-]?key|aws[_-]?access[_-]?key[_-]?id|aws[_-]?session[_-]?token|authorization|cookie';

/** Ordered rules over free text. */
const RULES: ReadonlyArray<[RegExp, string]> = [
  // A URL's query string (pre-signed links carry X-Amz-Credential, -Signature, -Security-Token).
  [/\b((?:https?|wss?):\/\/[^\s?#"'<>]+)\?[^\s#"'<>]*/gi, `$1?${MARK}`],
  // Loose SigV4 query parameters outside a URL.
  [/\b(X-Amz-(?:Signature|Credential|Security-Token))=[^&\s"']+/gi, `$1=${MARK}`],
  // Authorization headers: Bearer tokens and SigV4 signatures.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, `$1 ${MARK}`],
  [/\bAWS4-HMAC-SHA256\s+[^\n"']+/g, `AWS4-HMAC-SHA256 ${MARK}`],
  // "name": "value" in JSON and name=value / name: value in text.
  [new RegExp(`("(?:${NAMES})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi'), `$1"${MARK}"`],
  [new RegExp(`\\b(${NAMES})(\\s*[=:]\\s*)(?!\\[redacted\\])[^\\s,;&"'}]+`, 'gi'), `$1$2${MARK}`],
  // Shapes: JWTs, AWS access key ids, long base64 session tokens, 40-character secret keys.
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, MARK],
  [/\b(?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{12,}\b/g, MARK],
  [/(?=[A-Za-z0-9+/=]*[a-z])(?=[A-Za-z0-9+/=]*[A-Z])(?=[A-Za-z0-9+/=]*[0-9])[A-Za-z0-9+/=]{80,}/g, MARK],
  [
    /(?<![A-Za-z0-9+/])(?=[A-Za-z0-9+/]*[a-z])(?=[A-Za-z0-9+/]*[A-Z])(?=[A-Za-z0-9+/]*[0-9])[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/])/g,
    MARK,
  ],
];

/** Free text with every secret-shaped part replaced by `[redacted]`. */
export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out;
}

/**
 * A value made safe to log: secret-named fields replaced, strings scrubbed, errors reduced to
 * name, code, message and stack (each scrubbed), depth and size bounded.
 */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value.length > 4000 ? `${value.slice(0, 4000)}…` : value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 4) return '[…]';
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return redactValue(
      {
        name: value.name,
        ...(code !== undefined ? { code } : {}),
        message: value.message,
        stack: value.stack,
      },
      depth + 1,
    );
  }
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value).slice(0, 50))
    out[k] = secretName(k) && v !== undefined && v !== null ? MARK : redactValue(v, depth + 1);
  return out;
}
