#!/usr/bin/env node
// Node 22.1+ caches compiled code between runs (absent on Node 20: nothing to do there).
import module from 'node:module';

module.enableCompileCache?.();
await import('../dist/cli-bundle/bcaudit.js');
