import type { CliCommand } from '../cli-command';
import { EXIT_OK } from '../exit-codes';

/** `copper logout`: revokes the session and removes the token from the keychain. */
export const logoutCommand: CliCommand = {
  name: 'logout',
  synopsis: 'logout [--json]',
  summary: 'Sign out and remove the session from the OS keychain (the queue is kept).',
  options: { json: { type: 'boolean' } },
  positionals: { min: 0, max: 0, name: '' },
  async run(ctx) {
    const profile = await ctx.identity().logout();
    ctx.print(
      { signedOut: profile !== null, ...(profile ? { email: profile.email } : {}) },
      profile ? `Signed out ${profile.email}.` : 'Nobody was signed in.',
    );
    return EXIT_OK;
  },
};
