// Compiles autocorrelation-kernel.wat to WebAssembly and writes the bytes, base64, into
// autocorrelation-kernel-wasm.ts. Run from packages/transport-core after editing the .wat:
//   node src/vad/build-autocorrelation-kernel.mjs
// autocorrelation.test.ts fails when the committed bytes do not match the .wat.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileWatKernel, writeWatKernelModule } from '../wasm/wasm-kernel-source.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const WAT_PATH = join(here, 'autocorrelation-kernel.wat');

/** The kernel's bytes, compiled from the .wat source with SIMD enabled. */
export function compileAutocorrelationKernel() {
  return compileWatKernel(WAT_PATH);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeWatKernelModule({
    watPath: WAT_PATH,
    outputPath: join(here, 'autocorrelation-kernel-wasm.ts'),
    constantName: 'AUTOCORRELATION_KERNEL_WASM_BASE64',
    description: 'The compiled SIMD autocorrelation kernel (WebAssembly binary, base64).',
    generator: 'build-autocorrelation-kernel.mjs',
  });
}
