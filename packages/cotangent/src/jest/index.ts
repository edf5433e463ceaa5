/**
 * `cotangent/jest`: a Jest transformer for TypeScript with Cotangent's transform, so that tests of differentiated
 * code run on the generated derivatives with no build step:
 *
 *   // jest.config.js
 *   module.exports = { transform: { "^.+\\.tsx?$": "cotangent/jest" } };
 *
 * Every TypeScript file is compiled as tsc compiles it with the project's tsconfig.json, to CommonJS (which Jest
 * runs); the files Cotangent changes get the transform as well. Cotangent's errors fail the test file that loads
 * them, each at its file:line:column with its code; warnings are written to stderr.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type * as TS from "typescript";
import { renderDiagnostic, type CotangentOptions } from "@cotangent/core";
import { ProjectCompiler } from "../project/compiler";
import { loadTypeScript, relativePath } from "../project/tsconfig";

export interface CotangentJestOptions extends Pick<CotangentOptions, "unroll" | "runtimeSpecifier"> {
  /** The project's tsconfig.json (or its folder), relative to Jest's rootDir. Default: the nearest one above it. */
  readonly tsconfig?: string;
}

/** What Jest hands a transformer (the part of `@jest/transform`'s TransformOptions used here). */
interface TransformOptions {
  readonly config: { readonly rootDir: string; readonly roots?: readonly string[] };
  readonly configString: string;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const VERSION: string = require("../../package.json").version;

export function createTransformer(options: CotangentJestOptions = {}) {
  const ts = loadTypeScript();
  let compiler: ProjectCompiler | undefined;
  let seen: string | undefined;

  /**
   * The project's compiler and the fingerprint of the project's files; the project is analysed again when one of
   * them changed (watch mode reruns).
   */
  function current(config: TransformOptions["config"]): { compiler: ProjectCompiler; fingerprint: string } {
    // Jest transforms a file once per worker, whichever test loads it first: every test file that differentiates
    // joins the first Program, so that a module of callees holds the derivatives all of them need.
    compiler ??= new ProjectCompiler(ts, {
      ...options,
      cwd: config.rootDir,
      module: ts.ModuleKind.CommonJS,
      entries: differentiatingFiles(config.roots ?? [config.rootDir]),
    });
    let fingerprint = compiler.fingerprint();
    if (seen !== undefined && fingerprint !== seen) {
      // A file changed since the last call: analyse again (the new Program may read other files).
      compiler.invalidate();
      fingerprint = compiler.fingerprint();
    }
    seen = fingerprint;
    return { compiler, fingerprint };
  }

  return {
    canInstrument: false,

    /**
     * A file's output depends on other files (a caller's request puts derivatives in its callee's file), so the key
     * covers every file of the project, by size and modification time.
     */
    getCacheKey(sourceText: string, sourcePath: string, transformOptions: TransformOptions): string {
      return createHash("sha256")
        .update(VERSION)
        .update(JSON.stringify(options))
        .update(transformOptions.configString)
        .update(sourcePath)
        .update(sourceText)
        .update(current(transformOptions.config).fingerprint)
        .digest("hex");
    },

    process(_sourceText: string, sourcePath: string, transformOptions: TransformOptions): { code: string } {
      const { rootDir } = transformOptions.config;
      const project = current(transformOptions.config).compiler;
      const { code, diagnostics } = project.compileAlways(sourcePath);
      const rendered = (d: TS.Diagnostic) => renderDiagnostic(ts, d, (f) => relativePath(rootDir, f));
      const errors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
      if (errors.length > 0) throw new Error(`Cotangent cannot compile this file:\n${errors.map(rendered).join("\n")}`);
      for (const warning of diagnostics) process.stderr.write(`${rendered(warning)}\n`);
      return { code };
    },
  };
}

/**
 * The TypeScript files under `roots` that mark functions or import the markers, outside node_modules and hidden
 * folders.
 */
function differentiatingFiles(roots: readonly string[]): string[] {
  const found: string[] = [];
  const visit = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && !entry.name.startsWith(".")) visit(file);
      } else if (/\.[cm]?tsx?$/.test(entry.name) && !/\.d\.[cm]?tsx?$/.test(entry.name)) {
        const text = fs.readFileSync(file, "utf8");
        if (text.includes("@differentiate") || /from\s+["']cotangent["']/.test(text)) found.push(file);
      }
    }
  };
  roots.forEach(visit);
  return found;
}

export default { createTransformer };
