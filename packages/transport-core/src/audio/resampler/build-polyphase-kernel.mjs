// Compiles polyphase-kernel.wat to WebAssembly and writes the bytes, base64, into
// polyphase-kernel-wasm.ts. Run from packages/transport-core after editing the .wat:
//   node src/audio/resampler/build-polyphase-kernel.mjs
// polyphase-kernel.test.ts fails when the committed bytes do not match the .wat.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileWatKernel, writeWatKernelModule } from '../../wasm/wasm-kernel-source.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const WAT_PATH = join(here, 'polyphase-kernel.wat');

/** The kernel's bytes, compiled from the .wat source with SIMD enabled. */
export function compilePolyphaseKernel() {
  return compileWatKernel(WAT_PATH);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeWatKernelModule({
    watPath: WAT_PATH,
    outputPath: join(here, 'polyphase-kernel-wasm.ts'),
    constantName: 'POLYPHASE_KERNEL_WASM_BASE64',
    description: 'The compiled SIMD polyphase kernel (WebAssembly binary, base64).',
    generator: 'build-polyphase-kernel.mjs',
  });
}
