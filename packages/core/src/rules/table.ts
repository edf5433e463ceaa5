/**
 * THE rule table: every primitive Cotangent differentiates, joined from one file per family.
 * Frozen; custom rules make a new table (`{ ...ruleTable, ...mine }`), never patch this one.
 */
import { arithmeticRules } from "./arith";
import { internalRules } from "./internal";
import { mathRules } from "./math";
import type { Rule } from "./shapes";

export type RuleTable = Readonly<Record<string, Rule>>;

export const ruleTable: RuleTable = Object.freeze({ ...arithmeticRules, ...mathRules, ...internalRules });

export { mathConstants, numberConstants } from "./math";
export type { Rule } from "./shapes";
