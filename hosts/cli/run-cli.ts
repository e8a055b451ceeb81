import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CopperError, isErrorShape } from '../../shared/errors';
import { CliContext, type Env } from './cli-context';
import type { CliCommand, CommandArgs, OptionSpec } from './cli-command';
import type { CliIo } from './cli-io';
import { commands } from './commands';
import { defaultDataDir } from '../../core/app/data-dir';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, isUsageOrConfig, usageError } from './exit-codes';
import { commandHelp, helpText } from './help';
import type { IdentityGateway } from './identity-gateway';
import type { OpenQueue, ReadQueue } from './queue-gateway';

/** What runCli builds its services from; production values come from entry.ts. */
export interface CliDeps {
  readonly identity: (dataDir: string) => IdentityGateway;
  readonly openQueue: OpenQueue;
  readonly readQueue: ReadQueue;
  /** Aborted on Ctrl-C: a running upload stops cleanly and the entries stay queued. */
  readonly signal?: AbortSignal;
  readonly platform?: NodeJS.Platform;
  readonly home?: string;
}

interface Split {
  readonly command?: string;
  readonly rest: string[];
  readonly help: boolean;
}

/** Finds the command word among global options (`copper --data-dir X status` and `copper status --data-dir X` both work). */
function splitCommand(argv: readonly string[]): Split {
  const rest: string[] = [];
  let command: string | undefined;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (command === undefined && a === '--data-dir') {
      rest.push(a, ...(i + 1 < argv.length ? [argv[++i]!] : []));
      continue;
    }
    if (command === undefined && (a === '-h' || a === '--help' || a === 'help')) {
      help = true;
      continue;
    }
    if (command === undefined && !a.startsWith('-')) {
      command = a;
      continue;
    }
    if (a === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    rest.push(a);
  }
  return { ...(command !== undefined ? { command } : {}), rest, help };
}

/**
 * Joins `--opt VALUE` into `--opt=VALUE` for string options, so a value that starts with a dash
 * (S3 version ids can: RGW's often do) is taken as the value, not refused as an ambiguous option.
 * A following `--flag` is still a flag, so a forgotten value reports as missing.
 */
export function joinStringValues(options: OptionSpec, args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const next = args[i + 1];
    const name = a.startsWith('--') ? a.slice(2) : undefined;
    if (
      name !== undefined &&
      options[name]?.type === 'string' &&
      next !== undefined &&
      /^-(?!-)/.test(next)
    ) {
      out.push(`${a}=${next}`);
      i++;
    } else {
      out.push(a);
    }
  }
  return out;
}

function parseCommandArgs(command: CliCommand, rest: string[]): CommandArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinStringValues(command.options, rest),
      options: { ...command.options, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw usageError(`${(err as Error).message.split('\n')[0]} (see \`copper ${command.name} --help\`).`);
  }
  const { positionals } = parsed;
  const { min, max, name } = command.positionals;
  if (parsed.values.help !== true && (positionals.length < min || positionals.length > max)) {
    throw usageError(
      positionals.length < min
        ? `${command.name} needs ${name}: copper ${command.synopsis}`
        : `${command.name} takes ${max === 0 ? 'no arguments' : `at most ${max} ${name}`} (got "${positionals.join(' ')}").`,
    );
  }
  return { values: parsed.values as CommandArgs['values'], positionals: parsed.positionals };
}

/**
 * The `copper` command line as a function: parses `argv` (without node and the script),
 * runs the command with services from `deps`, writes to `io`, and resolves the exit code
 * (0 done, 1 some work failed, 2 usage or configuration error). Never throws and never
 * calls process.exit, so a host or a test can run it in-process.
 */
export async function runCli(argv: readonly string[], env: Env, io: CliIo, deps: CliDeps): Promise<number> {
  const wantsJson = argv.includes('--json');
  let ctx: CliContext | undefined;
  try {
    const split = splitCommand(argv);
    if (split.command === undefined) {
      if (split.help) {
        io.stdout.write(helpText(commands));
        return EXIT_OK;
      }
      if (argv.length === 0) {
        io.stderr.write(helpText(commands));
        return EXIT_USAGE;
      }
      throw usageError(`no command given: see \`copper help\`.`);
    }
    const command = commands.find((c) => c.name === split.command);
    if (!command) throw usageError(`unknown command "${split.command}": see \`copper help\`.`);
    const parsed = parseCommandArgs(command, split.rest);
    if (split.help || parsed.values.help === true) {
      io.stdout.write(commandHelp(command));
      return EXIT_OK;
    }
    const dirOption = parsed.values['data-dir'];
    const dataDir = resolve(
      typeof dirOption === 'string'
        ? dirOption
        : env.COPPER_DATA_DIR ||
            defaultDataDir(deps.platform ?? process.platform, env, deps.home ?? homedir()),
    );
    ctx = new CliContext(
      io,
      env,
      dataDir,
      parsed.values.json === true,
      deps.identity,
      deps.openQueue,
      deps.readQueue,
      deps.signal,
    );
    return await command.run(ctx, parsed);
  } catch (err) {
    return reportError(err, io, wantsJson && (ctx?.json ?? true) && !ctx?.printed);
  } finally {
    await ctx?.close();
  }
}

function reportError(err: unknown, io: CliIo, json: boolean): number {
  const known = err instanceof CopperError || isErrorShape(err);
  const shape = known
    ? { code: err.code, message: err.message, retryable: err.retryable }
    : {
        code: 'internal',
        message: `unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        retryable: false,
      };
  io.stderr.write(`copper: ${shape.message}\n`);
  if (shape.code === 'cli.usage') io.stderr.write('Run `copper help` for usage.\n');
  if (json) io.stdout.write(`${JSON.stringify({ error: shape }, null, 2)}\n`);
  return isUsageOrConfig(shape.code) ? EXIT_USAGE : EXIT_FAILED;
}
