/**
 * The segment the scanner cuts: its id, position and offset at once, its elements split from
 * the window text on first use (then kept). Cutting a segment costs one object and a search
 * for its terminator; the element strings and their array are made only for segments someone
 * reads, which halves the work and the garbage of a stream that skips most of them. A reader
 * that reads every element pays what the eager split cost before.
 *
 * Until its elements are split the segment keeps its window text alive (so did the element
 * slices of the eager split). `elements` is a getter: spread or structuredClone a segment with
 * `toSegment` (or JSON, which uses toJSON) to get a plain object with every field.
 */
import type { Segment } from "./segment.js";

/** Window indexes of the element separators of the segment being split (grown on demand). */
let scratch: Int32Array = new Int32Array(64);

/** The text a window's segments were cut from, and its element separator. */
export interface SegmentSource {
  readonly text: string;
  /** Char code of the element separator. */
  readonly separator: number;
  /** Makes split elements as shared strings; undefined: plain slices. */
  readonly share: StringSharer | undefined;
}

/**
 * Makes text[start, end) as a string shared by equal values. An object with a method, not a
 * closure: optimized code that calls a closure holds on to it, and is thrown away when the
 * closure dies with the scanner that made it (see keepShape).
 */
export interface StringSharer {
  shared(text: string, start: number, end: number): string;
}

export class ScannedSegment implements Segment {
  /** The source until the elements are split, then the elements (the text is let go). */
  #data: SegmentSource | readonly string[];
  /** Index of the first element separator, or #end when the segment has no elements. */
  readonly #idEnd: number;
  readonly #end: number;

  constructor(
    readonly id: string,
    readonly position: number,
    readonly offset: number,
    source: SegmentSource,
    idEnd: number,
    end: number,
  ) {
    this.#data = source;
    this.#idEnd = idEnd;
    this.#end = end;
  }

  get elements(): readonly string[] {
    const data = this.#data;
    if (Array.isArray(data)) return data as readonly string[];
    const elements = this.#split(data as SegmentSource);
    this.#data = elements;
    return elements;
  }

  /** One charCodeAt pass for the separators, then one slice per element into an exact array. */
  #split({ text, separator, share }: SegmentSource): string[] {
    const end = this.#end;
    let count = 0;
    for (let at = this.#idEnd; at < end; at++) {
      if (text.charCodeAt(at) !== separator) continue;
      if (count === scratch.length) scratch = grow(scratch);
      scratch[count++] = at;
    }
    // Exactly `count` slots: arrays grown by push keep spare capacity, which adds up over
    // the millions of segments a whole file can hold.
    const elements = new Array<string>(count);
    for (let k = 0; k < count; k++) {
      const from = (scratch[k] as number) + 1;
      const to = k + 1 < count ? (scratch[k + 1] as number) : end;
      elements[k] = share === undefined ? text.slice(from, to) : share.shared(text, from, to);
    }
    return elements;
  }

  toJSON(): Segment {
    return toSegment(this);
  }
}

const keptShapes: object[] = [];

/**
 * Keeps `object` alive for the life of the process, and with it its shape. V8 keeps an object
 * shape (map) only while some object has it and throws away the optimized code that depends on
 * a shape that dies. A full collection between two inputs, with nothing of the first still
 * alive, would discard the scanner's optimized code, and each input would run in cold code
 * until it tiered up again: measured twice as slow on a 10 MB stream. The scanner, its segments
 * and the stream reader keep one instance each.
 */
export function keepShape<T extends object>(object: T): T {
  keptShapes.push(object);
  return object;
}

keepShape(new ScannedSegment("", 0, 0, { text: "", separator: 0, share: undefined }, 0, 0));

function grow(array: Int32Array): Int32Array {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}

/** A plain-object copy of a segment (every field an own property). */
export function toSegment(segment: Segment): Segment {
  const { id, elements, position, offset } = segment;
  return { id, elements, position, offset };
}
