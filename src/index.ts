/**
 * reckon's public API: load a spec, read its figures, change its facts, check and explain its
 * published figures. The stages behind it (syntax, semantics, evaluation) are internal; nothing of
 * chevrotain or the syntax tree is part of these types, and no figure is ever a JavaScript number.
 */
export { Engine } from "./api/engine";
export type { Figure, FigureChange, ChangeListener, LoadOptions, CheckOptions, FromStringOptions } from "./api/engine";
export { ReckonError } from "./api/diagnostics";
export type { ReckonDiagnostic, DiagnosticLocation, Severity } from "./api/diagnostics";
export { evaluate } from "./api/evaluate";
export type { EvaluationResult } from "./api/evaluate";
export type { SpecHost } from "./semantics/loader";
export { checkOutputSchema } from "./checking/check-output-schema";
export type { CheckOutput, CheckedFigure } from "./checking/check-output-schema";
export type { FigureStatus } from "./checking/check";
export type { ExplainNode, ExplainOptions, ExplainedFunction, ExplainedInterval, SourceLocation } from "./explaining/explain";
export { renderExplainText, renderExplainMarkdown } from "./explaining/render-explain";
export { roundingModes, DEFAULT_ROUNDING } from "./numbers/rounding";
export type { RoundingMode } from "./numbers/rounding";
export { QUOTIENT_DIGITS, isDecimal } from "./numbers/exact";
export type { Decimal } from "./numbers/exact";
export { run } from "./cli/main";
export type { Console as CliConsole } from "./cli/io";
