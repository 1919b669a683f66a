/** "Did you mean …?": the candidates nearest to a misspelt name, by edit distance. */
export function suggest(name: string, candidates: Iterable<string>, limit = 3): string[] {
  // One edit in three characters; a name of one character is too short to guess from.
  const length = [...name].length;
  const budget = length < 2 ? 0 : Math.max(1, Math.floor(length / 3));
  const scored: { candidate: string; distance: number }[] = [];
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const distance = editDistance(name, candidate, budget);
    const lastSegment = candidate.slice(candidate.lastIndexOf(".") + 1);
    const bySegment = lastSegment === name ? 0 : Infinity;
    const best = Math.min(distance, bySegment);
    if (best <= budget) scored.push({ candidate, distance: best });
  }
  scored.sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate));
  return scored.slice(0, limit).map((s) => s.candidate);
}

/**
 * Damerau–Levenshtein distance (optimal string alignment) over code points, or Infinity as soon as
 * it is sure to be above `limit`: when the lengths differ by more, or when two rows in a row of the
 * table are above it (a cell comes from the row above it or, by a transposition, the one above that).
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const x = [...a];
  const y = [...b];
  if (Math.abs(x.length - y.length) > limit) return Infinity;
  const rows: number[][] = [];
  for (let i = 0; i <= x.length; i++) {
    rows.push(new Array<number>(y.length + 1).fill(0));
    rows[i]![0] = i;
  }
  for (let j = 0; j <= y.length; j++) rows[0]![j] = j;
  let previousMinimum = 0;
  for (let i = 1; i <= x.length; i++) {
    let minimum = rows[i]![0]!;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) {
        d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      }
      rows[i]![j] = d;
      if (d < minimum) minimum = d;
    }
    if (minimum > limit && previousMinimum > limit) return Infinity;
    previousMinimum = minimum;
  }
  return rows[x.length]![y.length]!;
}

/** "did you mean `a` or `b`?", or "" when there is nothing to suggest. */
export function didYouMean(suggestions: readonly string[]): string {
  if (suggestions.length === 0) return "";
  const quoted = suggestions.map((s) => `\`${s}\``);
  const last = quoted.pop()!;
  return quoted.length === 0 ? `did you mean ${last}?` : `did you mean ${quoted.join(", ")} or ${last}?`;
}
