/**
 * The types users see for generated derivatives: fixtures/declarations is built with the real `tspc` and
 * `declaration: true`, and the emitted derivatives.d.ts must read as below (grad, valueAndGrad, gradInto, jvp, vjp,
 * jacfwd and jacrev over number, number[], Float64Array, tuple and object parameters, and results of each kind). The checker's type of each
 * export, as the editor shows it, must be the same type. The built values must have the declared shapes.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const repoRoot = path.resolve(__dirname, "../..");
const tspcBin = path.join(repoRoot, "node_modules", ".bin", process.platform === "win32" ? "tspc.cmd" : "tspc");
const project = path.join(__dirname, "fixtures", "declarations");

const expected = `import { type Params } from "./model";
export declare const gScalar: (x: number, y: number) => number;
export declare const gScalarY: (x: number, y: number) => number;
export declare const gScalarBoth: (x: number, y: number) => [number, number];
export declare const gSumSquares: (x: number[]) => number[];
export declare const gWeighted: (w: Float64Array<ArrayBufferLike>, scale: number) => Float64Array<ArrayBufferLike>;
export declare const gWeightedBoth: (w: Float64Array<ArrayBufferLike>, scale: number) => [Float64Array<ArrayBufferLike>, number];
export declare const gRadius: (p: [number, number]) => [number, number];
export declare const gObjective: (p: Params, x: number) => {
    a: number;
    b: number[];
};
export declare const gObjectiveBoth: (p: Params, x: number) => [{
    a: number;
    b: number[];
}, number];
export declare const vgScalar: (x: number, y: number) => [number, number];
export declare const vgSumSquares: (x: number[]) => [number, number[]];
export declare const vgObjective: (p: Params, x: number) => [number, [{
    a: number;
    b: number[];
}, number]];
export declare const giSumSquares: (x: number[], out: number[]) => number;
export declare const giWeighted: (w: Float64Array<ArrayBufferLike>, scale: number, out: Float64Array<ArrayBufferLike>) => number;
export declare const giWeightedList: (w: Float64Array<ArrayBufferLike>, scale: number, out: [Float64Array<ArrayBufferLike>]) => number;
export declare const jvpScalar: (x: number, y: number) => [number, number];
export declare const jvpSquares: (x: number[], t: number[]) => [number[], number[]];
export declare const jvpScaled: (x: Float64Array, k: number, t: Float64Array) => [Float64Array<ArrayBufferLike>, Float64Array<ArrayBufferLike>];
export declare const jvpPolar: (t: number) => [[number, number], [number, number]];
export declare const jvpObjective: (p: Params, x: number) => [number, number];
export declare const vjpScalar: (x: number, y: number) => [number, (cotangent: number) => [x: number, y: number]];
export declare const vjpSquares: (x: number[]) => [number[], (cotangent: number[]) => [x: number[]]];
export declare const vjpRadius: (p: [number, number]) => [number, (cotangent: number) => [p: [number, number]]];
export declare const vjpObjective: (p: Params, x: number) => [number, (cotangent: number) => [p: {
    a: number;
    b: number[];
}, x: number]];
export declare const vjpPolar: (t: number) => [[number, number], (cotangent: [number, number]) => [t: number]];
export declare const jfScalar: (x: number, y: number) => number;
export declare const jfSumSquares: (x: number[]) => number[];
export declare const jfSquares: (x: number[]) => number[][];
export declare const jfScaled: (x: Float64Array<ArrayBufferLike>, k: number) => number[][];
export declare const jfPolar: (t: number) => number[];
export declare const jrSquares: (x: number[]) => number[][];
export declare const jrScaledK: (x: Float64Array<ArrayBufferLike>, k: number) => number[];
export declare const jrPolar: (t: number) => number[];
export declare const jvpOrbit: (r: number, t: number) => [import("./model").Orbit, {
    readonly radius: number;
    at: [number, number];
}];
export declare const vjpOrbit: (r: number, t: number) => [import("./model").Orbit, (cotangent: {
    readonly radius: number;
    at: [number, number];
}) => [r: number, t: number]];
export declare const jrOrbit: (r: number, t: number) => {
    radius: [number, number];
    at: [[number, number], [number, number]];
};
export declare const jfOrbit: (r: number, t: number) => {
    radius: number;
    at: [number, number];
};
`;

/** `name: type` of each `export declare const` in a declaration file, whitespace collapsed. */
function declaredTypes(dts: string): Map<string, string> {
  const types = new Map<string, string>();
  for (const match of dts.matchAll(/^export declare const (\w+): ([^]*?);$(?=\nexport|\n?$(?![^]))/gm)) {
    types.set(match[1], match[2].replace(/\s+/g, " "));
  }
  return types;
}

describe("declarations of generated derivatives", () => {
  // Inside the repository, so that the output's require("cotangent/runtime") finds the workspace package.
  const outDir = path.join(project, "out");

  beforeAll(() => {
    fs.rmSync(outDir, { recursive: true, force: true });
    const run = spawnSync(tspcBin, ["-p", path.join(project, "tsconfig.json")], {
      encoding: "utf8",
      shell: process.platform === "win32",
    });
    if (run.error) throw run.error;
    if (run.status !== 0) throw new Error(`tspc exited with ${run.status}:\n${run.stdout}${run.stderr}`);
  });

  test("tspc emits derivatives.d.ts with the derivatives' function types", () => {
    expect(fs.readFileSync(path.join(outDir, "derivatives.d.ts"), "utf8")).toBe(expected);
  });

  test("the checker gives each export, at its declaration, the type the .d.ts declares", () => {
    const config = ts.getParsedCommandLineOfConfigFile(
      path.join(project, "tsconfig.json"),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        },
      },
    );
    if (!config) throw new Error("cannot read the fixture's tsconfig.json");
    const program = ts.createProgram(config.fileNames, config.options);
    const checker = program.getTypeChecker();
    const file = program.getSourceFile(path.join(project, "src", "derivatives.ts").split(path.sep).join("/"));
    if (!file) throw new Error("derivatives.ts is not in the program");
    const shown = new Map<string, string>();
    for (const statement of file.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const d of statement.declarationList.declarations) {
        const type = checker.getTypeAtLocation(d.name);
        const text = checker.typeToString(type, d, ts.TypeFormatFlags.NoTruncation);
        shown.set(d.name.getText(), text.replace(/\s+/g, " "));
      }
    }
    const declared = declaredTypes(expected);
    expect(declared.size).toBe(37);
    expect(shown).toEqual(declared);
  });

  test("the built values have the declared shapes", () => {
    let m: Record<string, any> = {};
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    jest.isolateModules(() => (m = require(path.join(outDir, "derivatives.js"))));
    expect(m.gScalarBoth(0.5, 2)).toEqual([2 * Math.cos(0.5), Math.sin(0.5)]);
    expect(m.gSumSquares([1, -2])).toEqual([2, -4]);
    const [w, scale] = m.gWeightedBoth(new Float64Array([1, 2]), 3);
    expect(w).toEqual(new Float64Array([3, 6]));
    expect(scale).toBe(5);
    const radial: number[] = m.gRadius([3, 4]);
    expect(Array.isArray(radial)).toBe(true);
    radial.forEach((g, i) => expect(g).toBeCloseTo([0.6, 0.8][i], 15));
    const out = [7, 7];
    expect(m.giSumSquares([1, -2], out)).toBe(5);
    expect(out).toEqual([2, -4]);
    const into = new Float64Array(2);
    expect(m.giWeightedList(new Float64Array([1, 2]), 3, [into])).toBe(15);
    expect(into).toEqual(new Float64Array([3, 6]));
    expect(m.gObjective({ a: 1, b: [2, 3], label: "p" }, 2)).toEqual({ a: 2, b: [2, 2] });
    const [, pullback] = m.vjpObjective({ a: 1, b: [2, 3], label: "p" }, 2);
    expect(pullback(1)).toEqual([{ a: 2, b: [2, 2] }, 6]);
    const [value, tangent] = m.jvpScaled(new Float64Array([1, 2]), 3, new Float64Array([1, 0]));
    expect(value).toEqual(new Float64Array([3, 6]));
    expect(tangent).toEqual(new Float64Array([3, 0]));
    expect(m.jfSquares([1, 2])).toEqual([
      [2, 0],
      [0, 4],
    ]);
    expect(m.jrScaledK(new Float64Array([1, 2]), 3)).toEqual([1, 2]);
    // orbit(r, t) = { radius: r, at: [r·cos t, r·sin t] }, at t = 0: d at/dt = [0, r], d at/dr = [1, 0]. (JSON
    // reads −r·sin 0 = −0 as 0.)
    const unsigned = (value: unknown) => JSON.parse(JSON.stringify(value));
    expect(unsigned(m.jvpOrbit(2, 0))).toEqual([
      { radius: 2, at: [2, 0] },
      { radius: 0, at: [0, 2] },
    ]);
    const [orbitValue, orbitPullback] = m.vjpOrbit(2, 0);
    expect(orbitValue).toEqual({ radius: 2, at: [2, 0] });
    expect(orbitPullback({ radius: 1, at: [0, 1] })).toEqual([1, 2]);
    expect(unsigned(m.jrOrbit(2, 0))).toEqual({
      radius: [1, 0],
      at: [
        [1, 0],
        [0, 2],
      ],
    });
    expect(unsigned(m.jfOrbit(2, 0))).toEqual({ radius: 0, at: [0, 2] });
  });
});
