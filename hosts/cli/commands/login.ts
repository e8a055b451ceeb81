import { defineCommand, stringOption } from '../cli-command';
import type { CliContext } from '../cli-context';
import { EXIT_OK, usageError } from '../exit-codes';

/** The password: COPPER_PASSWORD, else asked on the terminal, else the first line of piped stdin. */
async function readPassword(ctx: CliContext): Promise<string> {
  const fromEnv = ctx.env.COPPER_PASSWORD;
  if (fromEnv) return fromEnv;
  if (ctx.io.stdinIsTTY && ctx.io.promptSecret) return ctx.io.promptSecret('Password: ');
  const piped = (await ctx.io.readStdin()).split(/\r?\n/)[0] ?? '';
  if (!piped) throw usageError('No password: set COPPER_PASSWORD or pipe it on stdin.');
  return piped;
}

/**
 * Asks the API once where this person's uploads go, so the profile remembers it and `copper
 * add` can queue work later while offline. Best effort: signing in has succeeded either way.
 */
async function rememberTarget(ctx: CliContext): Promise<void> {
  try {
    await (await ctx.identity().session()).credentials.target();
  } catch {
    // The next online `copper add`/`upload` learns it instead.
  }
}

/** `copper login --api URL --email E`: signs in; the session token goes to the OS keychain. */
export const loginCommand = defineCommand({
  name: 'login',
  usage: 'login --api URL --email E',
  summary: 'Sign in to the Copper API (password from COPPER_PASSWORD or stdin).',
  options: { api: { type: 'string' }, email: { type: 'string' } },
  async run(ctx, args) {
    const apiUrl = stringOption(args, 'api');
    const email = stringOption(args, 'email');
    if (!apiUrl || !email) throw usageError('login needs --api URL and --email E.');
    const password = await readPassword(ctx);
    const profile = await ctx.identity().login(apiUrl, email, password);
    await rememberTarget(ctx);
    const scope =
      profile.role === 'artist' && profile.artistId ? ` (uploads go to artists/${profile.artistId}/)` : '';
    ctx.print(
      { signedIn: true, profile },
      `Signed in to ${profile.apiUrl} as ${profile.email}, ${profile.role}${scope}.`,
    );
    return EXIT_OK;
  },
});
