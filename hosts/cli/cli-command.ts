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

/** What a command says about itself; `defineCommand` adds what every command shares. */
export interface CommandSpec {
  readonly name: string;
  /** e.g. `versions KEY` (` [--json]` is added) */
  readonly usage: string;
  readonly summary: string;
  /** Its own options (`--json` is added). */
  readonly options?: OptionSpec;
  /** Default: none. */
  readonly positionals?: CliCommand['positionals'];
  run(ctx: CliContext, args: CommandArgs): Promise<number>;
}

/** The one positional KEY (an object key in the bucket). */
export const ONE_KEY: CliCommand['positionals'] = { min: 1, max: 1, name: 'KEY' };

/** A command from its spec: every command takes `--json` (machine-readable output) and, unless it says, no positionals. */
export function defineCommand({ usage, options, positionals, ...spec }: CommandSpec): CliCommand {
  return {
    ...spec,
    synopsis: `${usage} [--json]`,
    options: { ...options, json: { type: 'boolean' } },
    positionals: positionals ?? { min: 0, max: 0, name: '' },
  };
}

/** A string option's value, or undefined. */
export function stringOption(args: CommandArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}
