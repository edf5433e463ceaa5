/**
 * `cotangent/esbuild`: an esbuild plugin that compiles the TypeScript files Cotangent changes (marked functions, the
 * callees they reach, files with markers) with the transform, as tspc would, and leaves every other file to esbuild.
 *
 *   import { build } from "esbuild";
 *   import { cotangent } from "cotangent/esbuild";
 *   await build({ entryPoints: ["src/main.ts"], bundle: true, plugins: [cotangent()] });
 *
 * Cotangent's errors fail the build and its warnings are printed, each at its file, line and column with its code.
 * It parses with this package's TypeScript 6, so it also serves projects whose own compiler is TypeScript 7. The
 * plugin is a named export: an ES module importing this CommonJS module gets its named exports, but its default
 * import would be the whole `module.exports` object.
 */
import * as path from "path";
import type { BuildOptions, OnLoadResult, PartialMessage, Plugin } from "esbuild";
import type * as TS from "typescript";
import type { CotangentOptions } from "@cotangent/core";
import { ProjectCompiler } from "../project/compiler";
import { loadTypeScript, relativePath, type Ts } from "../project/tsconfig";

export interface CotangentEsbuildOptions extends Pick<CotangentOptions, "unroll" | "runtimeSpecifier"> {
  /**
   * The project's tsconfig.json (or its folder), relative to esbuild's working directory. Default: the nearest one
   * above it. The files are compiled with its options; a `cotangent/transform` entry in its `plugins` sets
   * `unroll` and `runtimeSpecifier` unless given here.
   */
  readonly tsconfig?: string;
}

const TYPESCRIPT_FILE = /\.(?:[cm]?ts|tsx)$/;
const DECLARATION_FILE = /\.d\.[cm]?ts$/;

export function cotangent(options: CotangentEsbuildOptions = {}): Plugin {
  return {
    name: "cotangent",
    setup(build) {
      const ts = loadTypeScript();
      const cwd = build.initialOptions.absWorkingDir ?? process.cwd();
      // ES modules, whatever the tsconfig's module: esbuild converts them to the bundle's format, while CommonJS
      // output would leave 'require' calls that an ES module bundle cannot run.
      const compiler = new ProjectCompiler(ts, {
        ...options,
        cwd,
        module: ts.ModuleKind.ESNext,
        entries: entryFiles(build.initialOptions),
      });
      build.onStart(() => compiler.invalidate());
      build.onLoad({ filter: TYPESCRIPT_FILE }, (args): OnLoadResult | undefined => {
        if (DECLARATION_FILE.test(args.path) || args.path.split(path.sep).includes("node_modules")) return undefined;
        const { code, diagnostics } = compiler.compile(args.path);
        const errors = diagnostics
          .filter((d) => d.category === ts.DiagnosticCategory.Error)
          .map((d) => message(ts, d, cwd));
        const warnings = diagnostics
          .filter((d) => d.category !== ts.DiagnosticCategory.Error)
          .map((d) => message(ts, d, cwd));
        if (code === undefined) return errors.length + warnings.length > 0 ? { errors, warnings } : undefined;
        // A .tsx file's output keeps its JSX under "jsx": "preserve"; esbuild's jsx loader reads plain JavaScript too.
        const loader = args.path.endsWith(".tsx") ? "jsx" : "js";
        return { contents: code, loader, resolveDir: path.dirname(args.path), errors, warnings };
      });
    },
  };
}

/** The files of a build's `entryPoints`, in any of the forms esbuild takes. */
function entryFiles(options: BuildOptions): string[] {
  const entries = options.entryPoints ?? [];
  if (!Array.isArray(entries)) return Object.values(entries);
  return entries.map((entry) => (typeof entry === "string" ? entry : entry.in));
}

/** A diagnostic as esbuild prints its own: `TS990003: …` at the file, line and column. */
function message(ts: Ts, d: TS.Diagnostic, cwd: string): PartialMessage {
  const text = `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  if (!d.file || d.start === undefined) return { text };
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  const lineStart = d.file.getPositionOfLineAndCharacter(line, 0);
  const lineText = d.file.text.slice(lineStart).split(/\r?\n/, 1)[0];
  return {
    text,
    location: {
      file: relativePath(cwd, d.file.fileName),
      line: line + 1,
      column: Buffer.byteLength(lineText.slice(0, character)),
      length: Buffer.byteLength(
        d.file.text.slice(d.start, Math.min(d.start + (d.length ?? 0), lineStart + lineText.length)),
      ),
      lineText,
    },
  };
}
