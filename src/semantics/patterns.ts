/**
 * Name patterns: `*` matches one segment of a dotted name, `**` one or more.
 * `支出.功能分类.*` matches `支出.功能分类.行政运行` but not `支出.功能分类.行政运行.增加`.
 */
export function matchesPattern(pattern: string, name: string): boolean {
  return matchSegments(pattern.split("."), 0, name.split("."), 0);
}

function matchSegments(pattern: readonly string[], p: number, name: readonly string[], n: number): boolean {
  if (p === pattern.length) return n === name.length;
  const segment = pattern[p]!;
  if (segment === "**") {
    for (let k = n + 1; k <= name.length; k++) if (matchSegments(pattern, p + 1, name, k)) return true;
    return false;
  }
  if (n === name.length) return false;
  return (segment === "*" || segment === name[n]) && matchSegments(pattern, p + 1, name, n + 1);
}
