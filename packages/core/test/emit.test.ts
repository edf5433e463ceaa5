import * as ts from "typescript";
import { call, cond, num, v } from "../src/ir/expr";
import type { GeneratedFunction } from "../src/ir/generated";
import { emitFunctionDeclaration } from "../src/emit/statements";

const print = (fn: GeneratedFunction): string =>
  ts
    .createPrinter()
    .printNode(
      ts.EmitHint.Unspecified,
      emitFunctionDeclaration(ts, fn, false),
      ts.createSourceFile("out.ts", "", ts.ScriptTarget.ES2022),
    );

const withStacks = (body: GeneratedFunction["body"]): GeneratedFunction => ({
  name: "f_bwd",
  params: [{ name: "a", type: "Float64Array" }],
  locals: new Map([["n", "number"]]),
  body,
  returnTypes: [],
  returnsArray: true,
  aliases: [
    { name: "tape", path: "__ct.tape" },
    { name: "control", path: "__ct.control" },
  ],
  summary: "test",
});

test("a stack used only inside a conditional expression or a stored value is still declared", () => {
  const text = print(
    withStacks([
      { kind: "assign", target: "n", expr: cond(v("ok"), num(1), call("control.pop", [])) },
      { kind: "store", array: "a", index: num(0), value: call("tape.pop", []) },
      { kind: "return", values: [], asArray: true },
    ]),
  );
  expect(text).toContain("const tape = __ct.tape;");
  expect(text).toContain("const control = __ct.control;");
});

test("a stack the body never uses is not declared", () => {
  const text = print(withStacks([{ kind: "return", values: [], asArray: true }]));
  expect(text).not.toContain("__ct.tape");
  expect(text).not.toContain("__ct.control");
});
