/**
 * Name patterns: `*` matches one segment of a dotted name, `**` one or more.
 * `支出.功能分类.*` matches `支出.功能分类.行政运行` but not `支出.功能分类.行政运行.增加`.
 *
 * A pattern is turned into a test for matching it against many names (a pattern such as `**.合计` is
 * tried on every name of a province's spec). It reads the name's segments once, left to right,
 * keeping the set of places in the pattern it can be at: time in proportion to the segments of the
 * name times those of the pattern, without copying the name, however many `**` the pattern has (a
 * backtracking matcher, or a regular expression, takes time exponential in their number).
 */
export function patternMatcher(pattern: string): (name: string) => boolean {
  const segments = pattern.split(".");
  const end = segments.length;
  // at[p]: the name read so far can be matched by the pattern's first p segments, the p-th next.
  let at = new Uint8Array(end + 1);
  let next = new Uint8Array(end + 1);
  return (name) => {
    at.fill(0);
    at[0] = 1;
    for (let start = 0; ; ) {
      const dot = name.indexOf(".", start);
      const stop = dot < 0 ? name.length : dot;
      next.fill(0);
      let alive = false;
      for (let p = 0; p < end; p++) {
        if (at[p] === 0) continue;
        const segment = segments[p]!;
        if (segment === "**") {
          // It takes this segment, and may take more.
          next[p] = 1;
          next[p + 1] = 1;
          alive = true;
        } else if (segment === "*" || (segment.length === stop - start && name.startsWith(segment, start))) {
          next[p + 1] = 1;
          alive = true;
        }
      }
      [at, next] = [next, at];
      if (!alive) return false;
      if (dot < 0) return at[end] === 1;
      start = dot + 1;
    }
  };
}
