// --wait/--no-wait, --wait-timeout, --wait-window (knative/client pkg/commands/wait_flags.go).
import { Flags } from '@oclif/core';
import type { WaitOptions } from './wait.js';

/** Flag definitions; `waitDefault` is true for create/update/apply, false for delete. */
export function waitFlags(waitDefault: boolean) {
  return {
    wait: Flags.boolean({
      description: waitDefault
        ? 'Wait for the operation to complete. Use --no-wait to return immediately.'
        : 'Wait for the operation to complete.',
      default: waitDefault,
      allowNo: true,
    }),
    'wait-timeout': Flags.integer({
      description: 'Seconds to wait before giving up on waiting for the operation to complete.',
      default: 600,
      min: 0,
    }),
    'wait-window': Flags.integer({
      description: 'Seconds to wait for the resource to stay Ready=False before failing.',
      default: 2,
      min: 0,
    }),
  };
}

/** Parsed values of waitFlags(). */
export interface WaitFlagValues {
  wait: boolean;
  'wait-timeout': number;
  'wait-window': number;
}

/** Converts parsed flags into WaitOptions (seconds → ms). */
export function toWaitOptions(flags: WaitFlagValues, extra: Partial<WaitOptions> = {}): WaitOptions {
  return {
    timeoutMs: flags['wait-timeout'] * 1000,
    errorWindowMs: flags['wait-window'] * 1000,
    ...extra,
  };
}
