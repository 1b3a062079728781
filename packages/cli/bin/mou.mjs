#!/usr/bin/env node
// The installed `mou`: the workspace's sources are TypeScript, so load them through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/bin.ts');
