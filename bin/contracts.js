#!/usr/bin/env node
// The CLI runs from the compiled output (built by `npm ci` via the `prepare` script).
import { main } from '../dist/generator/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
