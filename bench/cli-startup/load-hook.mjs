// Registers a loader hook that appends every imported file path to $KN_BENCH_LOAD_LOG.
import { register } from 'node:module';

register(new URL('./load-hook-impl.mjs', import.meta.url), { data: { log: process.env.KN_BENCH_LOAD_LOG } });
