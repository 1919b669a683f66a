import { PatternAutomaton } from "./pattern-automaton";

/**
 * Name patterns: `*` matches one segment of a dotted name, `**` one or more.
 * `支出.功能分类.*` matches `支出.功能分类.行政运行` but not `支出.功能分类.行政运行.增加`.
 *
 * A pattern is turned into a test for matching it against many names (explain's search tries a
 * pattern on every name of a spec): the name's segments are read once, left to right, through the
 * pattern's automaton, the one name resolution walks the tree of names with. Time is in proportion
 * to the segments of the name however many `**` the pattern has (a backtracking matcher, or a
 * regular expression, takes time exponential in their number).
 */
export function patternMatcher(pattern: string): (name: string) => boolean {
  const automaton = new PatternAutomaton(pattern.split("."));
  return (name) => {
    let state = PatternAutomaton.START;
    for (let start = 0; ; ) {
      const dot = name.indexOf(".", start);
      state = automaton.move(state, dot < 0 ? name.slice(start) : name.slice(start, dot));
      if (state === PatternAutomaton.DEAD) return false;
      if (dot < 0) return automaton.accepts(state);
      start = dot + 1;
    }
  };
}
