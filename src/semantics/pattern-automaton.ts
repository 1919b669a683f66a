/**
 * A name pattern (`指标.**.得分`) as a deterministic automaton over the segments of a name, built as
 * it is used. The pattern's places are the positions before each of its segments and the end; a
 * name's segments, read one by one, move a set of places (`*` moves past one segment, `**` past one
 * or more, any other segment past itself). Each distinct set of places is a state, numbered when
 * first reached, and its move on a segment is worked out once: a segment the pattern does not name
 * moves every state as any other such segment does, so one move covers them all. Walking a tree of
 * names (name resolution) or the segments of one name (`patterns.ts`) then costs a lookup per
 * segment, with nothing allocated for it, however many `**` the pattern has; and no more states are
 * made than segments are read.
 */
export class PatternAutomaton {
  /** The state no place survives in: no name below matches. */
  static readonly DEAD = -1;
  /** The state before the first segment is read. */
  static readonly START = 0;

  private readonly end: number;
  /** The segments the pattern names literally (not `*` or `**`). */
  private readonly literals: ReadonlySet<string>;
  private readonly ids = new Map<string, number>();
  /** By state: its places, ascending. */
  private readonly places: (readonly number[])[] = [];
  /** By state: whether a name that reaches it matches. */
  private readonly accepting: boolean[] = [];
  /** By state: the literal segments it can move on, when none of its places is before a `*` or `**` (else undefined: any segment may move it). */
  private readonly onlyLiterals: (readonly string[] | undefined)[] = [];
  /** By state: its moves on the pattern's literal segments, and on any other segment (NOT_YET until worked out). */
  private readonly literalMoves: Map<string, number>[] = [];
  private readonly otherMoves: number[] = [];
  /** Scratch: which places a move reaches. */
  private readonly reached: Uint8Array;

  constructor(private readonly pattern: readonly string[]) {
    this.end = pattern.length;
    this.literals = new Set(pattern.filter((s) => s !== "*" && s !== "**"));
    this.reached = new Uint8Array(pattern.length + 1);
    this.stateOf([0]);
  }

  accepts(state: number): boolean {
    return this.accepting[state]!;
  }

  /** The segments a state can move on, when it moves on no others; undefined when it moves on any. */
  literalsOf(state: number): readonly string[] | undefined {
    return this.onlyLiterals[state];
  }

  /** The state after reading one more segment (DEAD when no name below can match). */
  move(state: number, segment: string): number {
    if (!this.literals.has(segment)) {
      let next = this.otherMoves[state]!;
      if (next === NOT_YET) next = this.otherMoves[state] = this.step(state, segment);
      return next;
    }
    const moves = this.literalMoves[state]!;
    let next = moves.get(segment);
    if (next === undefined) {
      next = this.step(state, segment);
      moves.set(segment, next);
    }
    return next;
  }

  private step(state: number, segment: string): number {
    const { pattern, end, reached } = this;
    reached.fill(0);
    for (const p of this.places[state]!) {
      if (p === end) continue;
      const expected = pattern[p]!;
      if (expected === "**") {
        reached[p] = 1;
        reached[p + 1] = 1;
      } else if (expected === "*" || expected === segment) {
        reached[p + 1] = 1;
      }
    }
    const places: number[] = [];
    for (let p = 0; p <= end; p++) if (reached[p] === 1) places.push(p);
    return this.stateOf(places);
  }

  private stateOf(places: readonly number[]): number {
    if (places.length === 0) return PatternAutomaton.DEAD;
    const key = places.join(",");
    let id = this.ids.get(key);
    if (id !== undefined) return id;
    id = this.places.length;
    this.ids.set(key, id);
    this.places.push(places);
    this.accepting.push(places.includes(this.end));
    const open = places.filter((p) => p < this.end);
    const wildcard = open.some((p) => this.pattern[p] === "*" || this.pattern[p] === "**");
    this.onlyLiterals.push(wildcard ? undefined : [...new Set(open.map((p) => this.pattern[p]!))]);
    this.literalMoves.push(new Map());
    this.otherMoves.push(NOT_YET);
    return id;
  }
}

const NOT_YET = -2;
