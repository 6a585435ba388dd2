#!/usr/bin/env node
// Removes the package's `dist/` before a build, so files of deleted sources never linger in it
// (tsc never deletes outputs, and a tarball would ship them with broken source maps).
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
