#!/usr/bin/env node
// The `fidelis` command: runs the TypeScript CLI through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('../main/cli/main.ts');
