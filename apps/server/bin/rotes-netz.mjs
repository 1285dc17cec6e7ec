#!/usr/bin/env node
// The `rotes-netz` command: runs the TypeScript CLI through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
