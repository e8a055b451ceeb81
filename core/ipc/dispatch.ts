import {
  calls,
  isCallName,
  type CallName,
  type CallRequest,
  type CallResponse,
  type InvokeResult,
} from '../../shared/ipc/contract';
import { CopperError, toErrorShape } from '../../shared/errors';

/** The core's implementation of every call in the contract. */
export type Handlers = { readonly [K in CallName]: (request: CallRequest<K>) => Promise<CallResponse<K>> };

/** Called with unexpected (non-CopperError) failures so they are logged with context, never swallowed. */
export type UnexpectedErrorLog = (name: string, err: unknown) => void;

/**
 * Validates an untrusted (name, payload) pair against the contract and runs the handler.
 * Every transport (Electron IPC, the web host's WebSocket) goes through here, so a payload
 * that fails its schema never reaches a service.
 */
export async function dispatch(
  handlers: Handlers,
  name: unknown,
  payload: unknown,
  logUnexpected: UnexpectedErrorLog,
): Promise<InvokeResult> {
  if (!isCallName(name)) {
    return {
      ok: false,
      error: {
        code: 'ipc.unknown-call',
        message: `There is no call named ${JSON.stringify(String(name)).slice(0, 80)}.`,
        retryable: false,
      },
    };
  }
  const parsed = calls[name].request.safeParse(payload ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    return {
      ok: false,
      error: {
        code: 'ipc.invalid-payload',
        message: `The request for ${name} was malformed${where}: ${issue?.message ?? 'invalid'}.`,
        retryable: false,
      },
    };
  }
  try {
    const handler = handlers[name] as (req: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (err) {
    if (!(err instanceof CopperError)) logUnexpected(name, err);
    return { ok: false, error: toErrorShape(err) };
  }
}
