/**
 * True only when A and B are the same type (each assignable to the other). Each `*-schemas.ts`
 * assigns `true` to `Same<z.infer<typeof schema>, Model>`, so a schema that drifts from its
 * model in shared/models/ fails the typecheck instead of a user's session.
 */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
