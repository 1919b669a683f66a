import { format, type Decimal } from "../numbers/exact";
import type { RuntimeValue } from "./compile";
import type { Unit } from "../semantics/units";
import { withUnit } from "../text/decimal-text";

/** `0.3`, `1.0001 万元`, `76.61%`, `true`: a value as a person reads it. */
export function formatValue(value: RuntimeValue, unit: Unit | undefined): string {
  if (typeof value === "boolean") return String(value);
  return formatQuantity(value, unit);
}

export function formatQuantity(amount: Decimal, unit: Unit | undefined): string {
  return withUnit(format(amount), unit?.label ?? "");
}
