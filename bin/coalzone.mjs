#!/usr/bin/env node
// The `coalzone` command: runs src/cli.ts through tsx's loader (no build step for the CLI).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
