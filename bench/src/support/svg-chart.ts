/** Small pure helpers for hand-written SVG line charts. */

/** Multipliers a nice axis step is made of (times a power of ten). */
const NICE_STEPS = [1, 2, 2.5, 5, 10] as const;
/** Ticks an axis aims for. */
const DEFAULT_TICK_COUNT = 5;

/** A value on the chart: `y` undefined (or not finite) is a missing point. */
export interface ChartPoint {
  x: number;
  y: number | undefined;
}

/** An axis from 0 to `max` in steps of `step`. */
export interface NiceAxis {
  max: number;
  step: number;
}

/** Maps `domain` onto `range` linearly; a domain of one value maps onto the range's start. */
export function linearScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (d1 === d0) return () => r0;
  return (value) => r0 + ((value - d0) / (d1 - d0)) * (r1 - r0);
}

/** An axis from 0 that holds `maxValue`, with about `tickCount` steps of 1, 2, 2.5 or 5 × 10ⁿ. */
export function niceAxis(maxValue: number, tickCount = DEFAULT_TICK_COUNT): NiceAxis {
  if (!(maxValue > 0) || !Number.isFinite(maxValue)) return { max: 1, step: 1 / tickCount };
  const rawStep = maxValue / tickCount;
  const power = 10 ** Math.floor(Math.log10(rawStep));
  const step = NICE_STEPS.map((multiple) => multiple * power).find((value) => value >= rawStep)!;
  return { max: Math.ceil(maxValue / step - 1e-9) * step, step };
}

/** The tick values of `axis`, from 0 to its max. */
export function axisTicks(axis: NiceAxis): number[] {
  const count = Math.round(axis.max / axis.step);
  return Array.from({ length: count + 1 }, (_, index) => roundForDisplay(index * axis.step));
}

/** `value` without floating-point noise (at most 6 significant decimals). */
export function roundForDisplay(value: number): number {
  return Number.parseFloat(value.toPrecision(6));
}

function isPresent(point: ChartPoint): point is { x: number; y: number } {
  return point.y !== undefined && Number.isFinite(point.y) && Number.isFinite(point.x);
}

/**
 * SVG path data through `points` in x order: a missing point breaks the line (the next one
 * starts a new segment with `M`); empty when no point is present.
 */
export function linePath(
  points: readonly ChartPoint[],
  xScale: (value: number) => number,
  yScale: (value: number) => number,
): string {
  const sorted = [...points].sort((a, b) => a.x - b.x);
  const commands: string[] = [];
  let penDown = false;
  for (const point of sorted) {
    if (!isPresent(point)) {
      penDown = false;
      continue;
    }
    commands.push(
      `${penDown ? 'L' : 'M'}${coordinate(xScale(point.x))} ${coordinate(yScale(point.y))}`,
    );
    penDown = true;
  }
  return commands.join(' ');
}

/** The points of `points` that are present, scaled (for markers). */
export function presentPoints(
  points: readonly ChartPoint[],
  xScale: (value: number) => number,
  yScale: (value: number) => number,
): { x: number; y: number }[] {
  return points.filter(isPresent).map((point) => ({ x: xScale(point.x), y: yScale(point.y) }));
}

/** A coordinate rounded to a tenth of a pixel. */
export function coordinate(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** `text` safe inside SVG text and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}
