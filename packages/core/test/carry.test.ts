/**
 * Stencil carries (src/reverse/carry.ts) at the IR level: a fresh array's elements are known to be zero only until a
 * statement mentions the array. Programs differentiated end to end always reach the stencil loop first (it is the
 * fused loop), so the loads kept for an array touched before are checked here.
 */
import { alloc, binary, call, index, num, v } from "../src/ir/expr";
import type { LoopStmt, Stmt } from "../src/ir/stmt";
import { carryStencils } from "../src/reverse/carry";

const increment = (at: string, amount: string): Stmt => ({
  kind: "store",
  array: "A",
  index: v(at),
  value: binary("+", index("A", v(at)), v(amount)),
});

const stencil: LoopStmt = {
  kind: "loop",
  label: "",
  pre: [],
  test: binary("<", v("i"), v("n")),
  body: [
    { kind: "assign", target: "next", expr: binary("+", v("i"), num(1)) },
    increment("i", "t0"),
    increment("next", "t1"),
    { kind: "assign", target: "i", expr: binary("+", v("i"), num(1)) },
  ],
  update: [],
  doWhile: false,
};

const promotion = { arrays: new Set(["A"]), newLocal: (base: string) => base };
const fresh: Stmt = { kind: "assign", target: "A", expr: alloc("Float64Array", v("m")) };
const touch: Stmt = { kind: "store", array: "A", index: num(0), value: num(1) };

test("after an allocation the loop loads nothing, and stores the last element after itself", () => {
  const [, load, loop, last] = carryStencils([fresh, stencil], promotion);
  expect(load).toEqual({ kind: "assign", target: "A_carry", expr: num(0), origin: undefined });
  expect((loop as LoopStmt).body.map((s) => (s.kind === "assign" ? s.expr : s.kind))).toEqual([
    binary("+", v("i"), num(1)),
    "store",
    v("t1"),
    binary("+", v("i"), num(1)),
  ]);
  expect(last).toEqual({ kind: "store", array: "A", index: v("i"), value: v("A_carry"), origin: undefined });
});

test("an array touched since its allocation is loaded", () => {
  const [, , load, loop] = carryStencils([fresh, touch, stencil], promotion);
  expect(load).toEqual({ kind: "assign", target: "A_carry", expr: index("A", v("i")), origin: undefined });
  const carried = (loop as LoopStmt).body[2];
  expect(carried).toEqual({
    kind: "assign",
    target: "A_carry",
    expr: binary("+", index("A", v("next")), v("t1")),
    origin: undefined,
  });
});

test("an array a method of which was called since (A.fill(1)) is loaded too", () => {
  const fillOnes: Stmt = { kind: "effect", expr: call("A.fill", [num(1)]) };
  const [, , load] = carryStencils([fresh, fillOnes, stencil], promotion);
  expect(load).toEqual({ kind: "assign", target: "A_carry", expr: index("A", v("i")), origin: undefined });
});
