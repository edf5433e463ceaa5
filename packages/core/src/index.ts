/**
 * @cotangent/core: the compiler. It receives `ts` and a Program from its caller (transformer, CLI, bundler
 * plugin) and returns transformed files and diagnostics; it does no I/O.
 */
export { createCotangentProgram, type CotangentOptions, type CotangentProgram } from "./pipeline";
export { renderDiagnostic } from "./diagnostics/sink";
export { Messages, formatMessage, type Message } from "./diagnostics/messages";
export { ruleTable, type RuleTable, type Rule } from "./rules/table";
export { STOP_GRADIENT } from "./ir/expr";
export { unary, binary, variadic, zero, type PartialTemplate } from "./rules/shapes";
export {
  emitDerivativeModules,
  type StandaloneMode,
  type StandaloneOptions,
  type StandaloneFunction,
  type StandaloneResult,
  type DerivativeModule,
} from "./standalone/modules";
export type { Param, ParamShape, ResultRecord, SourceParam, VarType } from "./ir/stmt";
