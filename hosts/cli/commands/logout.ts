import { defineCommand } from '../cli-command';
import { EXIT_OK } from '../exit-codes';

/** `copper logout`: revokes the session and removes the token from the keychain. */
export const logoutCommand = defineCommand({
  name: 'logout',
  usage: 'logout',
  summary: 'Sign out and remove the session from the OS keychain (the queue is kept).',
  async run(ctx) {
    const profile = await ctx.identity().logout();
    ctx.print(
      { signedOut: profile !== null, ...(profile ? { email: profile.email } : {}) },
      profile ? `Signed out ${profile.email}.` : 'Nobody was signed in.',
    );
    return EXIT_OK;
  },
});
