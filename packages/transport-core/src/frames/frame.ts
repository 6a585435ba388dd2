/**
 * How a frame travels through a processor.
 * - `system`: handled at once, never queued behind data (start, cancel, interruption, input audio, ...).
 * - `data`: handled in order and dropped by an interruption (output audio, text, transport messages).
 * - `control`: handled in order like data (end, TTS started/stopped); some are uninterruptible.
 */
export type FrameKind = 'system' | 'data' | 'control';

/** A frame class: anything constructible whose static `type` names the frame. */
export interface FrameClass<T extends Frame = Frame> {
  prototype: T;
  readonly type: string;
}

/** A frame class that can be constructed (not abstract). */
export interface ConcreteFrameClass<T extends Frame = Frame> extends FrameClass<T> {
  // biome-ignore lint/suspicious/noExplicitAny: constructor arguments differ per frame class
  new (...args: any[]): T;
  readonly type: string;
}

/**
 * Frame ids come from one counter per process, kept on `globalThis`, so that two copies of this
 * package (duplicated in `node_modules`) still hand out unique, increasing ids.
 */
const FRAME_ID_COUNTER_KEY = Symbol.for('@x/transport-core/frame-id-counter');
const globalSlots = globalThis as unknown as Record<symbol, { next: number } | undefined>;
const frameIdCounter: { next: number } = globalSlots[FRAME_ID_COUNTER_KEY] ?? { next: 1 };
globalSlots[FRAME_ID_COUNTER_KEY] = frameIdCounter;

const typeChainByClass = new WeakMap<object, readonly string[]>();

/**
 * The frame's own type followed by the types of the frame classes it extends; computed once per
 * class.
 * @throws TypeError when the class does not declare its own static `type`.
 */
function typeChainOf(frameClass: object): readonly string[] {
  const cached = typeChainByClass.get(frameClass);
  if (cached) return cached;
  if (!Object.hasOwn(frameClass, 'type')) {
    const className = (frameClass as { name?: string }).name || 'an anonymous class';
    throw new TypeError(
      `frame class ${className} must declare its own static type (static override readonly type = '${className}')`,
    );
  }
  const chain: string[] = [];
  for (let current = frameClass; current && current !== Function.prototype; ) {
    if (Object.hasOwn(current, 'type')) {
      const type = (current as { type?: unknown }).type;
      if (typeof type === 'string' && !chain.includes(type)) chain.push(type);
    }
    current = Object.getPrototypeOf(current);
  }
  const frozen = Object.freeze(chain);
  typeChainByClass.set(frameClass, frozen);
  return frozen;
}

/**
 * Base of every frame. A frame is plain data with a `type` discriminant (its class's static
 * `type`) and a `kind`. Type checks go through `SomeFrame.is(frame)`, which compares type names,
 * so they work across duplicated package copies where `instanceof` would not.
 *
 * Define your own frame by extending `SystemFrame`, `DataFrame` or `ControlFrame` (or a concrete
 * frame) and giving the class a unique static `type`; a class without its own `type` throws a
 * `TypeError` when constructed, since it could not be told apart from its parent:
 *
 * ```ts
 * class TranscriptFrame extends DataFrame {
 *   // `: string` keeps the type widened so that subclasses can declare their own.
 *   static override readonly type: string = 'TranscriptFrame';
 *   constructor(readonly text: string) { super(); }
 * }
 * ```
 */
export abstract class Frame {
  /** The type name of this frame class; every concrete frame class overrides it. */
  static readonly type: string = 'Frame';

  /** True when `frame` is an instance of this frame class or of a class extending it. */
  static is<T extends Frame>(this: FrameClass<T>, frame: Frame | null | undefined): frame is T {
    return frame?.types.includes(this.type) === true;
  }

  /** Unique, increasing id of this frame within the process. */
  readonly id: number;
  /** This frame's type name (the class's static `type`). */
  readonly type: string;
  /** This frame's type name, then the type names of the classes it extends. */
  readonly types: readonly string[];
  // The optional fields below are declared, not initialised: most frames never set them, and
  // leaving them off the instance keeps frame construction (many per call every 20 ms) cheap.
  /** Presentation timestamp in nanoseconds, when known. */
  declare pts: number | undefined;
  /** Free-form metadata that travels with the frame. */
  declare metadata: Record<string, unknown> | undefined;
  /** Name of the transport that produced this frame, if any. */
  declare transportSource: string | undefined;
  /** Name of the transport this frame is meant for, if any. */
  declare transportDestination: string | undefined;
  /** Id of the sibling frame sent in the other direction by a broadcast. */
  declare broadcastSiblingId: number | undefined;

  abstract readonly kind: FrameKind;

  constructor() {
    this.id = frameIdCounter.next++;
    this.types = typeChainOf(new.target);
    this.type = this.types[0] ?? 'Frame';
  }

  /** Readable name, `Type#id`. */
  get name(): string {
    return `${this.type}#${this.id}`;
  }

  /** An uninterruptible frame survives an interruption in every queue. */
  get uninterruptible(): boolean {
    return false;
  }

  toString(): string {
    return this.name;
  }
}

/** Frames handled immediately, overtaking queued data and control frames. */
export abstract class SystemFrame extends Frame {
  static override readonly type: string = 'SystemFrame';
  readonly kind = 'system' as const;
}

/** Frames handled in order and dropped by an interruption. */
export abstract class DataFrame extends Frame {
  static override readonly type: string = 'DataFrame';
  readonly kind = 'data' as const;
}

/** Frames handled in order, like data; interruptible unless the class says otherwise. */
export abstract class ControlFrame extends Frame {
  static override readonly type: string = 'ControlFrame';
  readonly kind = 'control' as const;
}

/** True for frames handled immediately (system frames). */
export function isSystemFrame(frame: Frame): boolean {
  return frame.kind === 'system';
}
