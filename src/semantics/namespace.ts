import { PatternAutomaton } from "./pattern-automaton";

/**
 * Declared names as a tree of their dotted segments: `收入.本年.合计` is the node `合计` under `本年`
 * under `收入`. Name resolution asks it two questions, many times over (a province's spec has
 * millions of names):
 *
 * - what a short name means from a section: `合计` in `收入.本年` is `收入.本年.合计` if declared,
 *   else `收入.合计`, else `合计`. The tree answers by following the name's segments down from the
 *   section's node and its ancestors, without building the candidate strings `收入.本年.合计`, … and
 *   hashing each whole;
 * - which names a pattern matches from a section: the tree is walked along the pattern, visiting
 *   only the branches the pattern can match (`*.收入.合计` visits every department's `收入`, not every
 *   name of the spec), with the pattern's automaton (`pattern-automaton.ts`) deciding at each node.
 *
 * It also finds a name declared twice, as it declares it. The tree lives while names are resolved;
 * the program keeps its figures in a list (and a map by name, built when first asked for).
 */
export class Namespace<T> {
  private readonly root = new NameNode<T>(undefined, "");
  /** The node of each section path asked about (many formulas share a section). */
  private readonly sections = new Map<string, NameNode<T>>();
  /** The node of each section declared in (many declarations share a section). */
  private readonly declaringSections = new Map<string, NameNode<T>>();
  private declared = 0;
  /** The automaton of each pattern matched (every department's spec uses the same few patterns). */
  private readonly automata = new Map<string, PatternAutomaton>();

  /**
   * Declares `section.local` with its value, unless the name is declared already: then nothing
   * changes and the value it has is returned. (A duplicate is found here, in the tree that is built
   * anyway, rather than by hashing every full name in a map of its own.)
   */
  declare(section: string, local: string, value: T): T | undefined {
    let node = this.declaringSections.get(section);
    if (node === undefined) {
      node = section === "" ? this.root : this.path(this.root, section);
      this.declaringSections.set(section, node);
    }
    node = local.includes(".") ? this.path(node, local) : (node.child(local) ?? node.addChild(local));
    if (node.value !== undefined) return node.value;
    node.value = value;
    node.order = this.declared++;
    if (this.sections.size > 0) this.sections.clear();
    return undefined;
  }

  /** The value of a full name (`收入.本年.合计`), looked up from the top level only. */
  get(name: string): T | undefined {
    return descend(this.root, name)?.value;
  }

  /** The node of `name` below `node`, created with the nodes on the way if need be. */
  private path(node: NameNode<T>, name: string): NameNode<T> {
    let at = node;
    forEachSegment(name, (segment) => {
      at = at.child(segment) ?? at.addChild(segment);
    });
    return at;
  }

  /** What a short name means from a section: looked up in the section, then in each enclosing one. */
  lookup(name: string, section: string): T | undefined {
    // The first segment is what fails at most levels: it is cut out once, not at every level.
    const dot = name.indexOf(".");
    const first = dot < 0 ? name : name.slice(0, dot);
    const rest = dot < 0 ? undefined : name.slice(dot + 1);
    for (let node: NameNode<T> | undefined = this.nodeOf(section); node; node = node.parent) {
      const head = node.child(first);
      if (head === undefined) continue;
      const found = rest === undefined ? head.value : descend(head, rest)?.value;
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /**
   * The values of the names a pattern matches from a section, in declaration order: from the
   * section outwards, the first enclosing section (the top level last) where it matches any name
   * that `keep` accepts. `*` stands for one segment, `**` for one or more.
   */
  match(pattern: string, section: string, keep: (value: T) => boolean): T[] {
    let automaton = this.automata.get(pattern);
    if (automaton === undefined) this.automata.set(pattern, (automaton = new PatternAutomaton(pattern.split("."))));
    for (let node: NameNode<T> | undefined = this.nodeOf(section); node; node = node.parent) {
      const found = matchBelow(node, automaton, keep);
      if (found.length > 0) return found.sort((a, b) => a.order - b.order).map((n) => n.value!);
    }
    return [];
  }

  /**
   * The node of a section path, or of its longest declared prefix: where no name starts with
   * `a.b.`, no `a.b.NAME` can be declared, so the search may as well start from `a`.
   */
  private nodeOf(section: string): NameNode<T> {
    let node = this.sections.get(section);
    if (node) return node;
    node = this.root;
    if (section !== "") {
      let stopped = false;
      forEachSegment(section, (segment) => {
        const next = stopped ? undefined : node!.child(segment);
        if (next) node = next;
        else stopped = true;
      });
    }
    this.sections.set(section, node);
    return node;
  }
}

class NameNode<T> {
  value: T | undefined = undefined;
  /** Position in declaration order, for nodes with a value. */
  order = -1;
  private children: Map<string, NameNode<T>> | undefined = undefined;

  constructor(
    readonly parent: NameNode<T> | undefined,
    readonly segment: string,
  ) {}

  child(segment: string): NameNode<T> | undefined {
    return this.children?.get(segment);
  }

  addChild(segment: string): NameNode<T> {
    const node = new NameNode<T>(this, segment);
    (this.children ??= new Map()).set(segment, node);
    return node;
  }

  forEachChild(visit: (child: NameNode<T>) => void): void {
    this.children?.forEach(visit);
  }
}

/** Calls `visit` with each dot-separated segment of `name`, in order, without splitting a name that has none. */
function forEachSegment(name: string, visit: (segment: string) => void): void {
  let start = 0;
  for (let dot = name.indexOf("."); dot >= 0; dot = name.indexOf(".", start)) {
    visit(name.slice(start, dot));
    start = dot + 1;
  }
  visit(start === 0 ? name : name.slice(start));
}

/** The node `name` leads to from `node`, following its segments (undefined as soon as one is missing). */
function descend<T>(node: NameNode<T>, name: string): NameNode<T> | undefined {
  let at = node;
  for (let start = 0; ; ) {
    const dot = name.indexOf(".", start);
    if (dot < 0) return at.child(start === 0 ? name : name.slice(start));
    const next = at.child(name.slice(start, dot));
    if (next === undefined) return undefined;
    at = next;
    start = dot + 1;
  }
}

/**
 * The nodes below `start` with a value that `keep` accepts, whose path from it the pattern matches.
 * The tree is walked once, each node carrying the automaton's state its path reached, and only
 * where the pattern can still match: a state that names its next segments (`收入.合计`) visits just
 * those children, one after a `*` or `**` visits them all.
 */
function matchBelow<T>(start: NameNode<T>, automaton: PatternAutomaton, keep: (value: T) => boolean): NameNode<T>[] {
  const found: NameNode<T>[] = [];
  const nodes: NameNode<T>[] = [start];
  const states: number[] = [PatternAutomaton.START];
  let state = PatternAutomaton.START;
  const visit = (child: NameNode<T>): void => {
    const next = automaton.move(state, child.segment);
    if (next === PatternAutomaton.DEAD) return;
    nodes.push(child);
    states.push(next);
  };
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    state = states.pop()!;
    if (node.value !== undefined && automaton.accepts(state) && keep(node.value)) found.push(node);
    const literals = automaton.literalsOf(state);
    if (literals === undefined) {
      node.forEachChild(visit);
    } else {
      for (const segment of literals) {
        const child = node.child(segment);
        if (child) visit(child);
      }
    }
  }
  return found;
}
