/**
 * Loads TypeScript modules in memory for `cotangent check`: each file is transpiled to CommonJS with the CLI's own
 * TypeScript (`transpileModule`: no type checking, no bundler), and relative imports are served from the same
 * loader, so a derivative module that exists only in memory can import its primal file from disk. Bare specifiers
 * (`cotangent/runtime`, the project's dependencies) go through node's `require` from the importing file.
 */
import * as fs from "fs";
import { createRequire } from "module";
import * as path from "path";
import type { Ts } from "./project";

export type ModuleExports = Record<string, unknown>;

export interface Loader {
  load(file: string): ModuleExports;
}

/** `virtual`: absolute path → TypeScript text of modules that are not on disk. */
export function createLoader(ts: Ts, virtual: ReadonlyMap<string, string>): Loader {
  const cache = new Map<string, ModuleExports>();
  const exists = (f: string) => virtual.has(f) || (fs.existsSync(f) && fs.statSync(f).isFile());

  const resolveRelative = (from: string, specifier: string): string => {
    const base = path.posix.resolve(path.posix.dirname(from), specifier);
    const stem = base.replace(/\.[cm]?js$/, "");
    const candidates = [base, `${stem}.ts`, `${stem}.mts`, `${stem}.cts`, `${stem}.tsx`, `${base}/index.ts`];
    const found = candidates.find(exists);
    if (!found) throw new Error(`cannot resolve '${specifier}' from ${from}`);
    return found;
  };

  const load = (file: string): ModuleExports => {
    const cached = cache.get(file);
    if (cached) return cached;
    if (!/\.[cm]?tsx?$/.test(file)) return createRequire(file)(file) as ModuleExports;
    const source = virtual.get(file) ?? fs.readFileSync(file, "utf8");
    const js = ts.transpileModule(source, {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    const module = { exports: {} as ModuleExports };
    cache.set(file, module.exports);
    const nodeRequire = createRequire(file);
    const localRequire = (specifier: string): unknown =>
      specifier.startsWith(".") ? load(resolveRelative(file, specifier)) : nodeRequire(specifier);
    new Function("require", "module", "exports", "__filename", "__dirname", js)(
      localRequire,
      module,
      module.exports,
      file,
      path.posix.dirname(file),
    );
    cache.set(file, module.exports);
    return module.exports;
  };
  return { load };
}
