#!/usr/bin/env node
// The `copper` command. The CLI is TypeScript run through tsx (a runtime dependency), so the
// same sources serve the desktop app, the tests and this command without a build step.
import { register } from 'tsx/esm/api';

// The AWS SDK's "Node 22 will be required from 2027" notice is for developers; a command's
// stderr is for the person running it (errors and the progress bar). Still overridable.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

register();
const { main } = await import('../hosts/cli/entry.ts');
await main();
