#!/usr/bin/env node
// kn entry: loads the esbuild bundle (npm run build) and runs it.
import { main } from '../dist/kn.js';

process.exitCode = await main(process.argv.slice(2));
