import type { CliCommand } from './cli-command';

/** The text of `copper help`. */
export function helpText(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.synopsis.length));
  return [
    'copper: upload artworks to the gallery bucket and browse their versions.',
    '',
    'Usage: copper [--data-dir DIR] <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  copper ${c.synopsis.padEnd(width)}  ${c.summary}`),
    '',
    'Global options:',
    '  --data-dir DIR   profile folder (queue database, sign-in profile); also COPPER_DATA_DIR.',
    "                   Default: the desktop app's user-data folder.",
    '  -h, --help       this text; `copper <command> --help` for one command.',
    '',
    'Direct mode (scripts, admins): set COPPER_BUCKET and the standard AWS variables',
    '(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_ENDPOINT_URL_S3 or',
    'AWS_ENDPOINT_URL, AWS_REGION) to use those keys instead of a sign-in; COPPER_PREFIX is',
    'prepended to every uploaded key; COPPER_UPLOADED_BY (default: your OS user name) is recorded',
    'as the uploader. KEY arguments are full keys, as `copper status` shows them.',
    '',
    'Exit codes: 0 all done, 1 some files or operations failed (named on stderr), 2 usage or',
    'configuration error, or another process (the Copper app) is already uploading from this',
    'profile; 130 interrupted by Ctrl-C (the queue is kept for the next run).',
    '--json prints exactly one JSON document on stdout; a progress bar shows on a terminal only.',
    '',
  ].join('\n');
}

/** The text of `copper <command> --help`. */
export function commandHelp(command: CliCommand): string {
  return `Usage: copper ${command.synopsis}\n\n${command.summary}\n`;
}
