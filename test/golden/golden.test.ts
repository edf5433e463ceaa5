/**
 * Golden files of generated code: each `<area>/<case>/input.ts` is compiled with the transformer and printed as
 * TypeScript; the result must equal `expected.ts` (run `npm run golden:accept` to rewrite them, then review the
 * diff). Goldens are also compiled without the plugin and run (Clad's CHECK-EXEC): their gradients and tangents
 * must match central finite differences of the primal.
 */
import * as fs from "fs";
import * as path from "path";
import { compile, printTransformed } from "../helpers/compile";
import { centralDifference, relativeError } from "../helpers/check";

const accept = process.env.GOLDEN_ACCEPT === "1";

function cases(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (!entry.isDirectory()) return [];
    return fs.existsSync(path.join(full, "input.ts")) ? [full] : cases(full);
  });
}

describe.each(cases(__dirname).map((c) => [path.relative(__dirname, c), c]))("%s", (_name, dir) => {
  const input = fs.readFileSync(path.join(dir, "input.ts"), "utf8");
  const expectedFile = path.join(dir, "expected.ts");

  test("generated code matches expected.ts", () => {
    const { text, diagnostics } = printTransformed({ "input.ts": input });
    expect(diagnostics).toEqual([]);
    if (accept) fs.writeFileSync(expectedFile, text["input.ts"]);
    expect(text["input.ts"]).toBe(fs.readFileSync(expectedFile, "utf8"));
  });

  test("expected.ts type-checks without the plugin, and its derivatives match finite differences", () => {
    const out = compile({ "input.ts": fs.readFileSync(expectedFile, "utf8") });
    expect(out.diagnostics).toEqual([]);
    const m = out.load("input.ts");
    const point: number[] = m.point;
    const grads: number[] = m.gradient(...point);
    point.forEach((_, i) => {
      const unit = point.map((_, j) => (i === j ? 1 : 0));
      const [, tangent] = m.tangent(point, unit);
      expect(relativeError(tangent, grads[i])).toBeLessThan(1e-12);
      const isInteger = Number.isInteger(point[i]) && i > 0;
      if (!isInteger) {
        const fd = centralDifference(m.f, point, unit);
        expect(Math.abs(fd - grads[i])).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
      }
    });
  });
});
