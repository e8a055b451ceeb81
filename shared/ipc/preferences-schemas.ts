import { z } from 'zod';
import {
  FILE_CONCURRENCY_MAX,
  FILE_CONCURRENCY_MIN,
  type Preferences,
  type PreferencesChange,
} from '../models/preferences';
import type { Same } from '../type-check';

const fileConcurrency = z
  .number()
  .int('Parallel files must be a whole number')
  .min(FILE_CONCURRENCY_MIN, `Parallel files must be at least ${FILE_CONCURRENCY_MIN}`)
  .max(FILE_CONCURRENCY_MAX, `Parallel files must be at most ${FILE_CONCURRENCY_MAX}`);

/** The whole preferences object (the `prefs.changed` event, and the file as read back). */
export const preferencesSchema = z
  .object({
    fileConcurrency,
    autoStart: z.boolean(),
    bandwidthLimit: z.number().int().positive().max(1e12).nullable(),
    notify: z.boolean(),
  })
  .strict();

/** `prefs.set`: any of the person's choices; the rest stay. */
export const preferencesChangeRequest = z
  .object({
    fileConcurrency: fileConcurrency.optional(),
    autoStart: z.boolean().optional(),
    notify: z.boolean().optional(),
  })
  .strict();

// Compile-time proof that the schemas and shared/models/preferences.ts say the same thing.
const prefsAgree: Same<z.infer<typeof preferencesSchema>, Preferences> = true;
const changeAgree: Same<z.infer<typeof preferencesChangeRequest>, PreferencesChange> = true;
void [prefsAgree, changeAgree];
