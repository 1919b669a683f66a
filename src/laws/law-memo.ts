import { format } from "../numbers/exact";
import type { FunctionInstance, Typed, ValueType } from "../semantics/typed";
import { location } from "../syntax/source";
import type { LawResult } from "./check-laws";

/**
 * Laws already checked, by everything that decides their result. Checking many reports that import
 * the same library (`reckon check` of a directory, a province's departments) checks each of its laws
 * once: a law's result is a function of what is evaluated (its condition as typed, with the bodies of
 * the functions it calls and every unit conversion in them), the ranges its cases are drawn from,
 * the number of cases and the seed, and of nothing in the report that imports it.
 */
export class LawMemo {
  private readonly results = new Map<string, LawResult>();

  get size(): number {
    return this.results.size;
  }

  /** The result for a law with this key, worked out by `check` the first time. */
  result(key: string, check: () => LawResult): LawResult {
    let result = this.results.get(key);
    if (result === undefined) {
      result = check();
      this.results.set(key, result);
    }
    return result;
  }
}

/**
 * A text that two laws share exactly when they are checked alike: `parts` (the law's name, place,
 * ranges, runs and seed), the units of its variables and its condition as typed, written out node by
 * node with every operator, constant and conversion factor, and the body and place of every
 * function instance it reaches (once each).
 */
export function lawKey(parts: readonly string[], variableTypes: readonly ValueType[], condition: Typed): string {
  const out: string[] = [...parts, "|", ...variableTypes.map(typeText), "|"];
  const instances = new Map<FunctionInstance, number>();
  const write = (node: Typed): void => {
    out.push(node.kind, typeText(node.type));
    switch (node.kind) {
      case "constant":
        out.push(format(node.value));
        return;
      case "figure":
        out.push(node.symbol.name, node.read);
        return;
      case "parameter":
        out.push(String(node.index));
        return;
      case "arithmetic":
        out.push(node.operator, format(node.rightFactor), format(node.factor));
        write(node.left);
        write(node.right);
        return;
      case "compare":
        out.push(node.operator, format(node.rightFactor));
        write(node.left);
        write(node.right);
        return;
      case "logical":
        out.push(node.operator);
        write(node.left);
        write(node.right);
        return;
      case "negate":
      case "not":
      case "abs":
        write(node.operand);
        return;
      case "convert":
        out.push(format(node.factor));
        write(node.operand);
        return;
      case "round":
        out.push(String(node.places), node.mode);
        write(node.operand);
        return;
      case "if":
        out.push(format(node.alternativeFactor));
        write(node.condition);
        write(node.consequent);
        write(node.alternative);
        return;
      case "aggregate":
        out.push(node.operator, String(node.operands.length), ...node.factors.map(format));
        node.operands.forEach(write);
        return;
      case "count":
        out.push(String(node.counted.length));
        return;
      case "call": {
        const known = instances.get(node.instance);
        if (known !== undefined) {
          out.push(`@${known}`);
        } else {
          instances.set(node.instance, instances.size);
          // Where the function is declared: a failure inside it is reported there.
          out.push(`#${instances.size - 1}`, location(node.instance.declaration.span));
          if (node.instance.body) write(node.instance.body);
          else out.push("no body");
        }
        out.push(String(node.args.length));
        node.args.forEach(write);
        return;
      }
    }
  };
  write(condition);
  return out.join("\u0000");
}

function typeText(type: ValueType): string {
  return type.kind === "boolean" ? "?bool" : type.unit.label;
}
