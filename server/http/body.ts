import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { HttpError } from '../../shared/http/http-error';

/** Largest JSON body accepted: sign-in and presign requests are a few hundred bytes. */
export const MAX_BODY_BYTES = 16 * 1024;

/** Reads the body up to `limit` bytes; 413 beyond it (without buffering the rest). */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, 'request.too-large', `The request body is larger than ${limit} bytes.`, {
    connection: 'close',
  });
}

/** Parses a JSON body against a (strict) schema; an empty body counts as `{}`. 400/415 otherwise. */
export async function parseJsonBody<S extends z.ZodType>(
  req: IncomingMessage,
  schema: S,
): Promise<z.infer<S>> {
  const raw = await readBody(req);
  let value: unknown = {};
  if (raw.length > 0) {
    const type = String(req.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim()
      .toLowerCase();
    if (type !== 'application/json')
      throw new HttpError(415, 'request.unsupported-type', 'Send the request body as application/json.');
    try {
      value = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new HttpError(400, 'request.malformed', 'The request body is not valid JSON.');
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    // Field names and problems only: never echo the values (one of them may be a password).
    const problems = parsed.error.issues.map((i) => {
      const where = i.path.length > 0 ? i.path.join('.') : 'body';
      return i.code === 'unrecognized_keys'
        ? `unknown field(s) ${i.keys.join(', ')}`
        : `${where}: ${i.message}`;
    });
    throw new HttpError(400, 'request.invalid', `The request is not valid: ${problems.join('; ')}.`);
  }
  return parsed.data;
}
