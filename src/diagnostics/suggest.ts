/**
 * "Did you mean …?": the candidates nearest to a misspelt name, by edit distance. A candidate whose
 * length alone puts it out of reach is passed over without working the distance out: a province's
 * spec has millions of names to compare with.
 */
export function suggest(name: string, candidates: Iterable<string>, limit = 3): string[] {
  // One edit in three characters; a name of one character is too short to guess from.
  const target = codePoints(name);
  const budget = target.length < 2 ? 0 : Math.max(1, Math.floor(target.length / 3));
  const oneSegment = !name.includes(".");
  const shared = new SharedCharacters(target);
  const scored: { candidate: string; distance: number }[] = [];
  for (const candidate of candidates) {
    if (candidate === name) continue;
    // The last segment of a candidate written in full (`收入.合计` for `合计`) is as near as can be.
    if (oneSegment && candidate.endsWith(name) && candidate.length > name.length && candidate[candidate.length - name.length - 1] === ".") {
      scored.push({ candidate, distance: 0 });
      continue;
    }
    // A code point is one or two UTF-16 units: the candidate has between length / 2 and length of them.
    if (candidate.length < target.length - budget || Math.ceil(candidate.length / 2) > target.length + budget) continue;
    if (!shared.within(candidate, budget)) continue;
    const distance = editDistance(name, candidate, budget);
    if (distance <= budget) scored.push({ candidate, distance });
  }
  scored.sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate));
  return scored.slice(0, limit).map((s) => s.candidate);
}

/**
 * Damerau–Levenshtein distance (optimal string alignment) over code points, or Infinity as soon as
 * it is sure to be above `limit`: when the lengths differ by more, or when two rows in a row of the
 * table are above it (a cell comes from the row above it or, by a transposition, the one above that).
 * Three rows of the table are kept, not all of it, and only for what lies between a common start
 * and a common end.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const whole = [codePoints(a), codePoints(b)] as const;
  if (Math.abs(whole[0].length - whole[1].length) > limit) return Infinity;
  // What the two have in common at the start and at the end costs nothing (收入.项目12 and 收入.项目21).
  let start = 0;
  while (start < whole[0].length && start < whole[1].length && whole[0][start] === whole[1][start]) start++;
  let endA = whole[0].length;
  let endB = whole[1].length;
  while (endA > start && endB > start && whole[0][endA - 1] === whole[1][endB - 1]) {
    endA--;
    endB--;
  }
  const x = whole[0].slice(start, endA);
  const y = whole[1].slice(start, endB);
  const width = y.length + 1;
  let twoUp = new Array<number>(width).fill(0);
  let up = Array.from({ length: width }, (_, j) => j);
  let row = new Array<number>(width).fill(0);
  let previousMinimum = 0;
  for (let i = 1; i <= x.length; i++) {
    row[0] = i;
    let minimum = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let d = Math.min(up[j]! + 1, row[j - 1]! + 1, up[j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d = Math.min(d, twoUp[j - 2]! + 1);
      row[j] = d;
      if (d < minimum) minimum = d;
    }
    if (minimum > limit && previousMinimum > limit) return Infinity;
    previousMinimum = minimum;
    [twoUp, up, row] = [up, row, twoUp];
  }
  return up[y.length]!;
}

/**
 * A quick lower bound of the edit distance from one name: every edit makes at most one character of
 * the other string, or two by a transposition of two it shares, so the distance is at least the
 * longer length less the characters the two have in common (counted with repeats). Names of other
 * letters (a Latin typo among CJK names) are passed over without the table of the distance.
 */
class SharedCharacters {
  private readonly slots = new Map<number, number>();
  private readonly counts: Int32Array;
  private readonly left: Int32Array;
  private readonly length: number;

  constructor(target: readonly number[]) {
    for (const c of target) if (!this.slots.has(c)) this.slots.set(c, this.slots.size);
    this.counts = new Int32Array(this.slots.size);
    for (const c of target) this.counts[this.slots.get(c)!]!++;
    this.left = new Int32Array(this.slots.size);
    this.length = target.length;
  }

  /** Whether the bound leaves the candidate within `budget` edits. */
  within(candidate: string, budget: number): boolean {
    this.left.set(this.counts);
    let common = 0;
    let length = 0;
    for (const c of candidate) {
      length++;
      const slot = this.slots.get(c.codePointAt(0)!);
      if (slot !== undefined && this.left[slot]! > 0) {
        this.left[slot]!--;
        common++;
      }
    }
    return Math.max(length, this.length) - common <= budget;
  }
}

function codePoints(text: string): number[] {
  const points: number[] = [];
  for (const c of text) points.push(c.codePointAt(0)!);
  return points;
}

/** "did you mean `a` or `b`?", or "" when there is nothing to suggest. */
export function didYouMean(suggestions: readonly string[]): string {
  if (suggestions.length === 0) return "";
  const quoted = suggestions.map((s) => `\`${s}\``);
  const last = quoted.pop()!;
  return quoted.length === 0 ? `did you mean ${last}?` : `did you mean ${quoted.join(", ")} or ${last}?`;
}
