#!/usr/bin/env node
// The `ordo` command: registers tsx's ESM loader in this process, then runs the TypeScript CLI.
// One process (no child), so signals reach `ordo serve` directly and exit codes pass through.
import { register } from 'tsx/esm/api';

register();
await import(new URL('../cli/ordo.ts', import.meta.url).href);
