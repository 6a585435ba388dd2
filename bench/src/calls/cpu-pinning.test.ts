import { describe, expect, it } from 'vitest';
import { cpusInMask } from './cpu-pinning.js';

describe('cpusInMask', () => {
  it('lists the CPUs of a taskset affinity mask', () => {
    expect(cpusInMask('3')).toEqual([0, 1]);
    expect(cpusInMask('f0')).toEqual([4, 5, 6, 7]);
  });

  it('reads masks wider than 32 bits written with commas', () => {
    expect(cpusInMask('1,00000001')).toEqual([0, 32]);
  });
});
