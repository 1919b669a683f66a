/**
 * Name patterns: `*` matches one segment of a dotted name, `**` one or more.
 * `支出.功能分类.*` matches `支出.功能分类.行政运行` but not `支出.功能分类.行政运行.增加`.
 */
export function matchesPattern(pattern: string, name: string): boolean {
  return patternMatcher(pattern)(name);
}

/**
 * A pattern turned into a test, for matching it against many names: one regular expression, so that
 * a name is matched without being split into its segments (a pattern such as `**.合计` is tried on
 * every name of a province's spec).
 */
export function patternMatcher(pattern: string): (name: string) => boolean {
  const source = pattern
    .split(".")
    .map((segment) => (segment === "**" ? String.raw`[^.]+(?:\.[^.]+)*` : segment === "*" ? "[^.]+" : escapeRegExp(segment)))
    .join(String.raw`\.`);
  const re = new RegExp(`^${source}$`);
  return (name) => re.test(name);
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
}
