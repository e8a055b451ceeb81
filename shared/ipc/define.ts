import type { z } from 'zod';

/** One renderer→core call: its request schema, and (as a phantom type) its response. */
export interface CallSpec<Req extends z.ZodType = z.ZodType, Res = unknown> {
  readonly request: Req;
  /** Phantom: carries the response type only; never read at run time. */
  readonly response?: Res;
}

/** One core→renderer event: its payload schema (events are validated too, on the receiving side in tests). */
export interface EventSpec<P extends z.ZodType = z.ZodType> {
  readonly payload: P;
}

/** Declares a call; the response type is given as a type argument, the request as a zod schema. */
export function call<Res>() {
  return <Req extends z.ZodType>(request: Req): CallSpec<Req, Res> => ({ request });
}

/** Declares an event with its payload schema. */
export function event<P extends z.ZodType>(payload: P): EventSpec<P> {
  return { payload };
}
