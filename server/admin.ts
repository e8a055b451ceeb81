// `npm run api:admin -- …`: provision the bucket and manage accounts (see server/admin/commands.ts).
import { runAdmin } from './admin/commands';

const code = await runAdmin(process.argv.slice(2), {
  env: process.env,
  stdin: process.stdin,
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
});
process.exit(code);
