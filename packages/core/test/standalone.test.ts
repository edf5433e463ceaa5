import * as ts from "typescript";
import { freeNames } from "../src/standalone/names";
import { rebaseSpecifier, relativeSpecifier } from "../src/standalone/imports";

describe("standalone derivative modules: names and specifiers", () => {
  test("free names: values read and not declared; not properties, types, labels or declared names", () => {
    const file = ts.createSourceFile(
      "g.ts",
      [
        "function f_vjp(x: number, r: Float64Array): [number, number] {",
        "  const tape = __ct.tape;",
        "  let s = 0, k = 0;",
        "  outer: for (;;) { s += SCALE * helper(x) + Math.PI; if (s > LIMIT) break outer; }",
        "  [k] = other_bwd(s);",
        "  return [s, { w: x, k }.w];",
        "}",
      ].join("\n"),
      ts.ScriptTarget.Latest,
      true,
    );
    expect(freeNames(ts, file.statements)).toEqual(["LIMIT", "Math", "SCALE", "__ct", "helper", "other_bwd"]);
  });

  test("specifiers relative to the derivative module, in the file's extension style", () => {
    expect(relativeSpecifier("/p/src/model.grad.ts", "/p/src/model.ts", "")).toBe("./model");
    expect(relativeSpecifier("/p/gen/model.grad.ts", "/p/src/model.ts", ".js")).toBe("../src/model.js");
    expect(relativeSpecifier("/p/src/a/x.grad.mts", "/p/src/lib.mts", ".js")).toBe("../lib.mjs");
    expect(relativeSpecifier("/p/src/x.grad.ts", "/p/src/lib.ts", ".ts")).toBe("./lib.ts");
    expect(rebaseSpecifier("./data.js", "/p/src/model.ts", "/p/gen/model.grad.ts")).toBe("../src/data.js");
    expect(rebaseSpecifier("../shared/k", "/p/src/model.ts", "/p/src/model.grad.ts")).toBe("../shared/k");
    expect(rebaseSpecifier("lodash", "/p/src/model.ts", "/p/gen/model.grad.ts")).toBe("lodash");
  });
});
