import { describe, expect, it } from 'vitest';
// @ts-expect-error: the build script is plain JavaScript without type declarations.
import { compilePolyphaseKernel } from './build-polyphase-kernel.mjs';
import { POLYPHASE_KERNEL_WASM_BASE64 } from './polyphase-kernel-wasm.js';

describe('polyphase kernel bytes', () => {
  it('match what polyphase-kernel.wat compiles to (rerun build-polyphase-kernel.mjs if not)', async () => {
    const compiled = (await compilePolyphaseKernel()) as Uint8Array;
    expect(Buffer.from(compiled).toString('base64')).toBe(POLYPHASE_KERNEL_WASM_BASE64);
  });
});
