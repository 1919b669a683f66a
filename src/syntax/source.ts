/**
 * A source file and positions inside it.
 *
 * Offsets are UTF-16 indices into `text` (what JavaScript strings and chevrotain use); lines and
 * columns are 1-based and columns count Unicode code points, as an editor shows them.
 */
export class SourceFile {
  readonly path: string;
  readonly text: string;
  /** The offset at which each line starts (found when first asked: most files never report a position). */
  private starts: number[] | undefined;
  /** For long lines, the code points before every STRIDE-th offset of the line (built when first needed). */
  private readonly checkpoints = new Map<number, Int32Array>();

  constructor(path: string, text: string) {
    this.path = path;
    this.text = text;
  }

  private get lineStarts(): number[] {
    if (this.starts) return this.starts;
    const text = this.text;
    // A byte order mark is not part of the first line: columns count from after it, as editors do.
    const starts = [text.charCodeAt(0) === 0xfeff ? 1 : 0];
    if (!text.includes("\r")) {
      for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    } else {
      // A line ends at LF, CR LF, or a CR alone (old Mac files), as the lexer reads a comment's end.
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
      }
    }
    return (this.starts = starts);
  }

  /** 1-based line and column of an offset, in time independent of the length of its line. */
  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: Math.max(0, this.codePointsBefore(low, offset)) + 1 };
  }

  /** The offset at which a 1-based line starts. */
  lineStart(line: number): number {
    return this.lineStarts[line - 1] ?? this.text.length;
  }

  /** The offset at which a 1-based line ends, before its line break (LF, CR LF or CR). */
  lineEnd(line: number): number {
    const next = this.lineStarts[line];
    if (next === undefined) return this.text.length;
    const end = next - 1;
    return this.text.charCodeAt(end) === 10 && end > this.lineStart(line) && this.text.charCodeAt(end - 1) === 13 ? end - 1 : end;
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  /**
   * The offset of the code point with a 0-based index in a 1-based line (the line's end if it is
   * shorter), in time independent of the line's length.
   */
  offsetInLine(line: number, index: number): number {
    const start = this.lineStart(line);
    const counts = this.lineCheckpoints(line - 1);
    let from = start;
    let before = 0;
    if (counts) {
      // The last checkpoint at or before the index.
      let k = 0;
      let high = counts.length - 1;
      while (k < high) {
        const mid = (k + high + 1) >> 1;
        if (counts[mid]! <= index) k = mid;
        else high = mid - 1;
      }
      from = start + k * STRIDE;
      before = counts[k]!;
      // A checkpoint inside a surrogate pair: its second half was counted with the first.
      if (from > start && isLowSurrogate(this.text.charCodeAt(from)) && isHighSurrogate(this.text.charCodeAt(from - 1))) from++;
    }
    return Math.min(advanceCodePoints(this.text, from, index - before), this.lineEnd(line));
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Code points of line `lineIndex` (0-based) before an offset in it. */
  private codePointsBefore(lineIndex: number, offset: number): number {
    const start = this.lineStarts[lineIndex]!;
    const counts = this.lineCheckpoints(lineIndex);
    if (!counts) return codePoints(this.text, start, offset, start);
    const k = Math.max(0, Math.min(Math.floor((offset - start) / STRIDE), counts.length - 1));
    return counts[k]! + codePoints(this.text, start + k * STRIDE, offset, start);
  }

  private lineCheckpoints(lineIndex: number): Int32Array | undefined {
    const start = this.lineStarts[lineIndex] ?? this.text.length;
    const end = this.lineStarts[lineIndex + 1] ?? this.text.length;
    if (end - start <= STRIDE) return undefined;
    let counts = this.checkpoints.get(lineIndex);
    if (counts) return counts;
    counts = new Int32Array(Math.floor((end - start) / STRIDE) + 1);
    for (let k = 1; k < counts.length; k++) {
      const from = start + (k - 1) * STRIDE;
      counts[k] = counts[k - 1]! + codePoints(this.text, from, from + STRIDE, start);
    }
    this.checkpoints.set(lineIndex, counts);
    return counts;
  }
}

/** Offsets between checkpoints of the code point count on long lines. */
const STRIDE = 1024;

/**
 * The number of code points in text[from, to), counted without copying: a surrogate pair is one,
 * and the second half of a pair that starts before `from` (but not before `floor`) is not counted.
 */
export function codePoints(text: string, from: number, to: number, floor = from): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    if (isLowSurrogate(text.charCodeAt(i)) && i > floor && isHighSurrogate(text.charCodeAt(i - 1))) continue;
    count++;
  }
  return count;
}

/** The offset `count` code points after `from` (or the end of the text). */
export function advanceCodePoints(text: string, from: number, count: number): number {
  let i = from;
  for (let n = 0; n < count && i < text.length; n++) {
    i += isHighSurrogate(text.charCodeAt(i)) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1)) ? 2 : 1;
  }
  return i;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** A range of a source file: [start, end) in UTF-16 offsets. */
export interface Span {
  readonly file: SourceFile;
  readonly start: number;
  readonly end: number;
}

export function span(file: SourceFile, start: number, end: number): Span {
  return { file, start, end: Math.max(start, end) };
}

/** The smallest span covering both. */
export function cover(a: Span, b: Span): Span {
  return { file: a.file, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

/** "file:line:column" of a span's start. */
export function location(s: Span): string {
  const { line, column } = s.file.position(s.start);
  return `${s.file.path}:${line}:${column}`;
}
