import type { CliCommand } from '../cli-command';
import { addCommand } from './add';
import { labelCommand } from './label';
import { linkCommand } from './link';
import { loginCommand } from './login';
import { logoutCommand } from './logout';
import { restoreCommand } from './restore';
import { shareCommand } from './share';
import { statusCommand } from './status';
import { uploadCommand } from './upload';
import { usageCommand } from './usage';
import { versionsCommand } from './versions';

/** Every `copper` command, in the order `copper help` lists them. */
export const commands: readonly CliCommand[] = [
  loginCommand,
  logoutCommand,
  addCommand,
  uploadCommand,
  statusCommand,
  versionsCommand,
  restoreCommand,
  linkCommand,
  shareCommand,
  labelCommand,
  usageCommand,
];
