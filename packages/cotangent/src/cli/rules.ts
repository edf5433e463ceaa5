/**
 * `--rules FILE`: derivative rules that replace or extend the built-in table, for checking custom rules with
 * `cotangent check` and emitting with them. FILE exports `rules`, a record of rules built with the core's
 * `unary`, `binary`, `variadic` and `zero` helpers; it is laid over the built-in table, never patched into it.
 */
import { ruleTable, type RuleTable } from "@cotangent/core";
import { createLoader } from "./load";
import { InputError, toPosix, type Ts } from "./project";

export function loadRules(ts: Ts, file: string): RuleTable {
  let exports: Record<string, unknown>;
  try {
    exports = createLoader(ts, new Map()).load(toPosix(file));
  } catch (error) {
    throw new InputError(`cannot load rules from ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const rules = exports.rules;
  if (!rules || typeof rules !== "object") throw new InputError(`${file} does not export 'rules'`);
  return Object.freeze({ ...ruleTable, ...(rules as RuleTable) });
}
