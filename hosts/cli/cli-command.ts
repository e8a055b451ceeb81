import type { ParseArgsConfig } from 'node:util';
import type { CliContext } from './cli-context';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Parsed arguments of one command (global options removed). */
export interface CommandArgs {
  readonly values: Readonly<Record<string, string | boolean | string[] | boolean[] | undefined>>;
  readonly positionals: readonly string[];
}

/** One `copper <name>` command: its own options, and a run that returns the exit code. */
export interface CliCommand {
  readonly name: string;
  /** e.g. `versions KEY [--json]` */
  readonly synopsis: string;
  readonly summary: string;
  readonly options: OptionSpec;
  /** How many positionals it takes. */
  readonly positionals: { readonly min: number; readonly max: number; readonly name: string };
  run(ctx: CliContext, args: CommandArgs): Promise<number>;
}

/** A string option's value, or undefined. */
export function stringOption(args: CommandArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}
