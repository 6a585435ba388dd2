import { describe, expect, it } from 'vitest';
import { carelessParse, toyDescriptor, toyFuzzTarget } from './__fixtures__/toy-provider.js';
import { serializerFuzzChecks } from './serializer-fuzz-checks.js';

/** Few runs: these tests check the checks, not a serializer. */
const FEW = { singleMessageRuns: 200, sequenceRuns: 60, longestSequence: 8 };

/** fast-check's report of a failed check, with the error that failed it; `passed` if none. */
function failureOf(run: () => void): string {
  try {
    run();
  } catch (error) {
    return `${(error as Error).message}\n${String((error as Error).cause)}`;
  }
  return 'passed';
}

describe('serializerFuzzChecks', () => {
  it('names five checks, the last after the descriptor and the answers it may give', () => {
    const names = serializerFuzzChecks(toyFuzzTarget(), FEW).map((check) => check.name);
    expect(names).toHaveLength(5);
    expect(names[4]).toBe(
      'toy.recognize never throws, and answers only start, preamble or nothing, for any parsed message',
    );
  });

  it('all pass on a serializer that refuses what it cannot read', () => {
    for (const check of serializerFuzzChecks(toyFuzzTarget(), FEW)) check.run();
  });

  it('fail on a serializer that lets JSON.parse throw', () => {
    const careless = toyFuzzTarget({ descriptor: toyDescriptor(carelessParse) });
    const [anyMessage] = serializerFuzzChecks(careless, FEW);
    // Garbage makes JSON.parse throw a SyntaxError; a text of "null" parses and then throws a
    // TypeError: which one fast-check shrinks to depends on its seed, and either is the escape.
    expect(failureOf(() => anyMessage!.run())).toMatch(
      /deserialize escaped with (SyntaxError|TypeError)/,
    );
  });

  it('fail when valid media decodes to other samples than expected', () => {
    const deaf = toyFuzzTarget({ decodedAudio: () => new Int16Array(0) });
    const [, , afterRefused] = serializerFuzzChecks(deaf, FEW);
    expect(failureOf(() => afterRefused!.run())).toMatch(/Property failed[\s\S]*AssertionError/);
  });

  it('fail when recognize gives an answer the provider must not give', () => {
    const noPreamble = toyFuzzTarget({ recognitionKinds: ['none'] });
    const recognize = serializerFuzzChecks(noPreamble, FEW).at(-1)!;
    expect(failureOf(() => recognize.run())).toMatch(/recognize answered (start|preamble)/);
  });
});
