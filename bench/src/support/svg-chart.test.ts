import { describe, expect, it } from 'vitest';
import { axisTicks, escapeXml, linearScale, linePath, niceAxis } from './svg-chart.js';

describe('linearScale', () => {
  it('maps the domain onto the range, inverted ranges too', () => {
    const y = linearScale([0, 50], [300, 100]);
    expect(y(0)).toBe(300);
    expect(y(25)).toBe(200);
    expect(y(50)).toBe(100);
  });

  it('maps a domain of one value onto the start of the range', () => {
    expect(linearScale([3, 3], [10, 20])(3)).toBe(10);
  });
});

describe('niceAxis', () => {
  it('rounds the top up to a step of 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceAxis(600)).toEqual({ max: 600, step: 200 });
    expect(niceAxis(47.6)).toEqual({ max: 50, step: 10 });
    expect(niceAxis(2.8)).toEqual({ max: 3, step: 1 });
    expect(niceAxis(0.45)).toEqual({ max: 0.5, step: 0.1 });
  });

  it('gives an axis to 1 when there is nothing to show', () => {
    expect(niceAxis(0).max).toBe(1);
    expect(niceAxis(Number.NaN).max).toBe(1);
  });

  it('lists the ticks from 0 without floating-point noise', () => {
    expect(axisTicks(niceAxis(0.45))).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5]);
  });
});

describe('linePath', () => {
  const identity = (value: number) => value;

  it('draws through the points in x order', () => {
    const path = linePath(
      [
        { x: 30, y: 3 },
        { x: 10, y: 1 },
        { x: 20, y: 2 },
      ],
      identity,
      identity,
    );
    expect(path).toBe('M10 1 L20 2 L30 3');
  });

  it('breaks the line at a missing point and starts again after it', () => {
    const path = linePath(
      [
        { x: 1, y: 1 },
        { x: 2, y: undefined },
        { x: 3, y: 3 },
        { x: 4, y: Number.NaN },
        { x: 5, y: 5 },
        { x: 6, y: 6 },
      ],
      identity,
      identity,
    );
    expect(path).toBe('M1 1 M3 3 M5 5 L6 6');
  });

  it('draws nothing when no point is present', () => {
    expect(linePath([{ x: 1, y: undefined }], identity, identity)).toBe('');
    expect(linePath([], identity, identity)).toBe('');
  });
});

describe('escapeXml', () => {
  it('escapes the characters SVG text and attributes cannot hold', () => {
    expect(escapeXml('a < b & "c" > d')).toBe('a &lt; b &amp; &quot;c&quot; &gt; d');
  });
});
