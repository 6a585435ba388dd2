import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeOnnxModel } from './onnx-model-writer.js';
import { ONNX_DATA_TYPE } from './onnx-schema.js';
import { OnnxSileroModel, SileroModelLoadError, sharedSileroModel } from './onnx-silero-model.js';
import { sileroModelPath } from './silero-model-file.js';

const PLATFORM = `${process.platform}/${process.arch}`;
const directory = mkdtempSync(join(tmpdir(), 'vad-silero-model-'));

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

/** Writes `bytes` to a file of the temporary directory; returns its path. */
function file(name: string, bytes: Uint8Array): string {
  const path = join(directory, name);
  writeFileSync(path, bytes);
  return path;
}

describe('OnnxSileroModel', () => {
  it('runs the rearranged (MatMul) graphs unless told otherwise, the shared model too', () => {
    expect(new OnnxSileroModel().graph).toBe('matmul');
    expect(new OnnxSileroModel({ graph: 'original' }).graph).toBe('original');
    const shared = sharedSileroModel();
    expect(shared).toBeInstanceOf(OnnxSileroModel);
    expect((shared as OnnxSileroModel).graph).toBe('matmul');
  });

  it('refuses an unknown graph arrangement', () => {
    expect(() => new OnnxSileroModel({ graph: 'fast' as 'matmul' })).toThrow(
      /graph must be 'matmul' or 'original', got fast/,
    );
  });

  it('reports a truncated model file, naming the file, the platform and the byte where it breaks off', async () => {
    const modelPath = file(
      'truncated.onnx',
      readFileSync(sileroModelPath()).subarray(0, 1_000_000),
    );
    const failure = new OnnxSileroModel({ modelPath }).load();
    await expect(failure).rejects.toThrow(SileroModelLoadError);
    await expect(failure).rejects.toThrow(
      new RegExp(
        `could not load its model ${modelPath} with onnxruntime-node on ${PLATFORM}: it is not a readable ONNX file \\(field 7 of \\d+ bytes runs past the end of its message \\(\\d+ left\\) at byte \\d+\\)`,
      ),
    );
  });

  it('reports an ONNX model that is not Silero VAD v5, naming the tensor it lacks', async () => {
    const modelPath = file(
      'identity.onnx',
      writeOnnxModel({
        irVersion: 8,
        producerName: 'test',
        operatorSetVersion: 17,
        graph: {
          name: 'identity',
          nodes: [{ opType: 'Identity', inputs: ['input'], outputs: ['output'] }],
          initializers: [],
          inputs: [{ name: 'input', elementType: ONNX_DATA_TYPE.float, dims: [1] }],
          outputs: [{ name: 'output', elementType: ONNX_DATA_TYPE.float, dims: [1] }],
        },
      }),
    );
    const failure = new OnnxSileroModel({ modelPath }).load();
    await expect(failure).rejects.toThrow(SileroModelLoadError);
    await expect(failure).rejects.toThrow(
      "its weights could not be rearranged into batched graphs (the model has no tensor If_0_else_branch__Inline_0__stft.forward_basis_buffer (is it Silero VAD v5?)); graph: 'original' runs the file as it is",
    );
    // the original graph loads it as it is
    await expect(
      new OnnxSileroModel({ modelPath, graph: 'original' }).load(),
    ).resolves.toBeUndefined();
  });

  it('refuses rows other than context + window with the rearranged graph', async () => {
    const model = new OnnxSileroModel();
    const run = model.run({
      sampleRate: 8000,
      batchSize: 1,
      input: new Float32Array(256),
      state: new Float32Array(256),
    });
    await expect(run).rejects.toThrow(RangeError);
    await expect(run).rejects.toThrow(
      'takes rows of 288 samples at 8000 Hz (32 of context + 256), got 256 samples for 1 rows',
    );
  });
});
