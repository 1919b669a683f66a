/**
 * reckon's public API. Everything a program embedding reckon needs is exported from here; the
 * stages behind it (syntax, semantics, evaluation) are internal.
 */
export { compileSpec, evaluateExpression, EXPRESSION_NAME } from "./pipeline";
export type { CompiledSpec, Compilation, ExpressionResult } from "./pipeline";
export { memoryHost, joinPath } from "./semantics/loader";
export type { SpecHost } from "./semantics/loader";
export { fileHost } from "./files";
export { renderDiagnostic, renderDiagnostics } from "./diagnostics/render";
export type { Diagnostic, Severity, RelatedSpan } from "./diagnostics/diagnostic";
export { hasErrors } from "./diagnostics/diagnostic";
export { formatValue } from "./evaluation/format-value";
export type { RuntimeValue } from "./evaluation/compile";
export { round, roundingModes, DEFAULT_ROUNDING } from "./numbers/rounding";
export type { RoundingMode } from "./numbers/rounding";
export { decimal, format as formatDecimal, QUOTIENT_DIGITS } from "./numbers/exact";
export type { Decimal } from "./numbers/exact";
export { location } from "./syntax/source";
export type { Span } from "./syntax/source";
export { checkSpec } from "./checking/check";
export type { CheckResult, FigureCheck, FigureStatus, StaleKnown } from "./checking/check";
export { checkOutputSchema, checkToJson } from "./checking/check-json";
export type { CheckOutput } from "./checking/check-json";
export { renderCheckText } from "./checking/check-text";
export { Explainer } from "./explaining/explain";
export type { ExplainNode, ExplainOptions, ExplainedFunction, SourceLocation } from "./explaining/explain";
export { renderExplainText, renderExplainMarkdown } from "./explaining/render-explain";
export { run } from "./cli/main";
