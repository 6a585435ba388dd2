/**
 * Hostile variants of valid provider messages, for property-based fuzzing with fast-check:
 * fields dropped, renamed or given hostile values, objects turned into arrays, JSON text
 * truncated or corrupted, and the text sent as a binary frame. It knows no provider: give it a
 * provider's valid messages.
 */
import fc from 'fast-check';
import {
  FuzzedMessage,
  type JsonObject,
  type JsonValue,
  type WireMessage,
} from './fuzzed-message.js';
import {
  type FuzzValue,
  fieldName,
  hostileScalar,
  hostileString,
  hostileValue,
  RawJson,
} from './hostile-values.js';

/** Picks a field, element or text position; unbiased, so deep fields are hit as often as top ones. */
const position = fc.noBias(fc.nat({ max: 1_000_000 }));

/** A change to the parsed message: `slot` picks a field or element (modulo their number). */
type TreeMutation =
  | { kind: 'drop'; slot: number }
  | { kind: 'rename'; slot: number; key: string }
  | { kind: 'replace'; slot: number; value: FuzzValue }
  | { kind: 'replace-string'; slot: number; value: string }
  | { kind: 'add'; slot: number; key: string; value: FuzzValue }
  | { kind: 'object-to-array'; slot: number }
  | { kind: 'replace-message'; value: FuzzValue };

const treeMutation: fc.Arbitrary<TreeMutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('drop' as const), slot: position }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('rename' as const), slot: position, key: fieldName }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('replace' as const),
      slot: position,
      value: hostileValue,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('replace-string' as const),
      slot: position,
      value: hostileString,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      slot: position,
      key: fieldName,
      value: hostileValue,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('object-to-array' as const), slot: position }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('replace-message' as const), value: hostileValue }),
  },
);

/** A change to the JSON text: `at` picks a position (modulo the length). */
type TextMutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'splice'; at: number; remove: number; insert: string }
  | { kind: 'prefix'; text: string }
  | { kind: 'duplicate-key'; key: string; value: JsonValue };

const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: position }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('splice' as const),
      at: position,
      remove: fc.nat({ max: 8 }),
      insert: fc.oneof(
        fc.constantFrom('', ',', '}', ']', '{', '"', '\\', ':', '\u0000', 'NaN', '//', '\ud800'),
        fc.string({ unit: 'binary', maxLength: 4 }),
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('prefix' as const),
      text: fc.constantFrom('\ufeff', ' \n\t', 'x', '[', ")]}'\n"),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('duplicate-key' as const),
      key: fieldName,
      value: hostileScalar,
    }),
  },
);

/** How the text goes on the wire: a text frame, or its bytes as a binary frame. */
type Framing = 'text' | 'binary-utf8' | 'binary-utf16';

const textFraming = fc.constant<Framing>('text');

/** Where a field or element sits: the object or array holding it, and its key. */
interface Slot {
  holder: JsonObject | JsonValue[];
  key: string | number;
}

/** Every field and element of a message, depth first. */
function slotsOf(root: JsonObject): Slot[] {
  const slots: Slot[] = [];
  const visit = (value: JsonValue): void => {
    if (Array.isArray(value)) {
      value.forEach((element, index) => {
        slots.push({ holder: value, key: index });
        visit(element);
      });
    } else if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) {
        slots.push({ holder: value, key });
        visit(value[key]!);
      }
    }
  };
  visit(root);
  return slots;
}

/** Sets an own enumerable property, even `__proto__` (assignment would set the prototype). */
function setOwn(target: JsonObject | JsonValue[], key: string | number, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Turns raw values into placeholders that the text step swaps back, in order. */
class RawValues {
  readonly #texts: string[] = [];

  placeholder(value: FuzzValue): JsonValue {
    if (!(value instanceof RawJson)) return value;
    this.#texts.push(value.text);
    return `\u0000raw-${this.#texts.length - 1}\u0000`;
  }

  splice(json: string): string {
    let text = json;
    this.#texts.forEach((raw, index) => {
      text = text.split(JSON.stringify(`\u0000raw-${index}\u0000`)).join(raw);
    });
    return text;
  }
}

function applyTreeMutation(message: JsonValue, mutation: TreeMutation, raws: RawValues): JsonValue {
  if (mutation.kind === 'replace-message') return raws.placeholder(mutation.value);
  if (message === null || typeof message !== 'object' || Array.isArray(message)) return message;
  const slots =
    mutation.kind === 'replace-string'
      ? slotsOf(message).filter(({ holder, key }) => typeof holder[key as never] === 'string')
      : slotsOf(message);
  if (slots.length === 0) return message;
  const { holder, key } = slots[mutation.slot % slots.length]!;
  const current = (holder as Record<string | number, JsonValue>)[key]!;
  switch (mutation.kind) {
    case 'drop':
      if (Array.isArray(holder)) holder.splice(key as number, 1);
      else delete holder[key as string];
      break;
    case 'rename':
      if (!Array.isArray(holder) && key !== mutation.key) {
        delete holder[key as string];
        setOwn(holder, mutation.key, current);
      }
      break;
    case 'replace':
    case 'replace-string':
      setOwn(holder, key, raws.placeholder(mutation.value));
      break;
    case 'add': {
      const target =
        current !== null && typeof current === 'object' && !Array.isArray(current)
          ? current
          : holder;
      if (Array.isArray(target)) target.push(raws.placeholder(mutation.value));
      else setOwn(target, mutation.key, raws.placeholder(mutation.value));
      break;
    }
    case 'object-to-array':
      setOwn(
        holder,
        key,
        current !== null && typeof current === 'object' && !Array.isArray(current)
          ? Object.values(current)
          : [current],
      );
      break;
  }
  return message;
}

function applyTextMutation(text: string, mutation: TextMutation): string {
  const position = (at: number) => (text.length === 0 ? 0 : at % (text.length + 1));
  switch (mutation.kind) {
    case 'truncate':
      return text.slice(0, position(mutation.at));
    case 'splice': {
      const at = position(mutation.at);
      return text.slice(0, at) + mutation.insert + text.slice(at + mutation.remove);
    }
    case 'prefix':
      return mutation.text + text;
    case 'duplicate-key': {
      const brace = text.indexOf('{');
      if (brace === -1) return text;
      const pair = `${JSON.stringify(mutation.key)}:${JSON.stringify(mutation.value)},`;
      return text.slice(0, brace + 1) + pair + text.slice(brace + 1);
    }
  }
}

function frame(text: string, framing: Framing): WireMessage {
  if (framing === 'text') return text;
  const bytes = Buffer.from(text, framing === 'binary-utf8' ? 'utf8' : 'utf16le');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Applies tree mutations, then text mutations, then the framing, to a copy of `message`. */
function mutate(
  message: JsonObject,
  treeMutations: readonly TreeMutation[],
  textMutations: readonly TextMutation[],
  framing: Framing,
): WireMessage {
  const raws = new RawValues();
  let tree: JsonValue = structuredClone(message);
  for (const mutation of treeMutations) tree = applyTreeMutation(tree, mutation, raws);
  let text = raws.splice(JSON.stringify(tree));
  for (const mutation of textMutations) text = applyTextMutation(text, mutation);
  return frame(text, framing);
}

/**
 * Variants of `valid` messages with at least one change: to its fields, to its JSON text, or to
 * its framing (sent as bytes).
 */
export function mutatedMessage(valid: fc.Arbitrary<JsonObject>): fc.Arbitrary<FuzzedMessage> {
  const tree = fc.array(treeMutation, { minLength: 1, maxLength: 3 });
  const text = fc.array(textMutation, { minLength: 1, maxLength: 2 });
  const change = fc.oneof(
    { weight: 12, arbitrary: fc.record({ tree, text: fc.constant([]), framing: textFraming }) },
    { weight: 3, arbitrary: fc.record({ tree: fc.constant([]), text, framing: textFraming }) },
    { weight: 1, arbitrary: fc.record({ tree, text, framing: textFraming }) },
    {
      weight: 2,
      arbitrary: fc.record({
        tree: fc.array(treeMutation, { maxLength: 1 }),
        text: fc.constant([]),
        framing: fc.constantFrom<Framing>('binary-utf8', 'binary-utf16'),
      }),
    },
  );
  return fc
    .tuple(valid, change)
    .map(
      ([message, { tree, text, framing }]) =>
        new FuzzedMessage(mutate(message, tree, text, framing)),
    );
}

/** Messages derived from nothing: any text, JSON of any shape, any bytes. */
export const garbageMessage: fc.Arbitrary<FuzzedMessage> = fc
  .oneof<fc.Arbitrary<WireMessage>[]>(
    fc.constantFrom(
      '',
      ' ',
      'null',
      'true',
      '0',
      '""',
      '[]',
      '{}',
      '{"event":null}',
      '{"event":{}}',
    ),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value) ?? 'null'),
    fc.uint8Array({ maxLength: 400 }),
  )
  .map((data) => new FuzzedMessage(data));

/** Mostly mutated valid messages, some garbage. */
export function fuzzedMessage(valid: fc.Arbitrary<JsonObject>): fc.Arbitrary<FuzzedMessage> {
  return fc.oneof(
    { weight: 6, arbitrary: mutatedMessage(valid) },
    { weight: 1, arbitrary: garbageMessage },
  );
}
