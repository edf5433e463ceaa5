/**
 * Primitives the compiler writes itself, never the user.
 */
import { STOP_GRADIENT } from "../ir/expr";
import { zero, type Rule } from "./shapes";

export const internalRules = {
  // JAX's stop_gradient: the value itself, with derivative 0. hasAux's aux (expand/aux.ts) is computed through it, so
  // that activity analysis leaves it out of the reverse sweep: seeding it with 0 would still make 0·∞ = NaN where its
  // derivative is infinite (a norm at 0).
  [STOP_GRADIENT]: zero(1),
} as const satisfies Record<string, Rule>;
