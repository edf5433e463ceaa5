/**
 * Node module customization hooks behind `cotangent/register` (they run on Node's loader thread). `load` compiles
 * each TypeScript file of the project as tsc would with its tsconfig.json, to an ES module, with Cotangent's
 * transform where it changes the file; `resolve` finds TypeScript files behind the specifiers tsc accepts
 * (`./model`, `./model.js`, `./dir` for `./dir/index.ts`), which Node's own resolution does not map to `.ts`.
 * Cotangent's errors stop the program before it runs, each at its file:line:column with its code; warnings go to
 * stderr.
 */
import { fileURLToPath } from "url";
import { renderDiagnostic } from "@cotangent/core";
import { ProjectCompiler } from "../project/compiler";
import { loadTypeScript, relativePath } from "../project/tsconfig";

const ts = loadTypeScript();
const cwd = process.cwd();
const compiler = new ProjectCompiler(ts, { cwd, module: ts.ModuleKind.ESNext });

const TYPESCRIPT_URL = /^file:.*\.(?:m?ts|tsx)$/;

interface ResolveContext {
  readonly parentURL?: string;
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<{ url: string }>;

interface LoadResult {
  readonly format?: string;
  readonly source?: string | ArrayBuffer | Uint8Array;
  readonly shortCircuit?: boolean;
}
type NextLoad = (url: string, context: object) => Promise<LoadResult>;

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const fromTypeScript = context.parentURL !== undefined && TYPESCRIPT_URL.test(context.parentURL);
    if (!fromTypeScript || !/^\.{1,2}\//.test(specifier)) throw error;
    for (const candidate of typeScriptCandidates(specifier)) {
      try {
        return await nextResolve(candidate, context);
      } catch {
        // the next candidate
      }
    }
    throw error;
  }
}

export async function load(url: string, context: object, nextLoad: NextLoad): Promise<LoadResult> {
  if (!TYPESCRIPT_URL.test(url) || url.includes("/node_modules/")) return nextLoad(url, context);
  const file = fileURLToPath(url);
  const { code, diagnostics } = compiler.compileAlways(file);
  const rendered = diagnostics.map((d) => renderDiagnostic(ts, d, (f) => relativePath(cwd, f)));
  const errors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    const error = new Error(`Cotangent cannot compile ${relativePath(cwd, file)}:\n${rendered.join("\n")}`);
    // Node prints the stack of an error from a hook: the loader thread's frames say nothing about the user's code.
    error.stack = `Error: ${error.message}`;
    throw error;
  }
  for (const line of rendered) process.stderr.write(`${line}\n`);
  return { format: "module", source: code, shortCircuit: true };
}

/** The files tsc would find for a relative specifier that Node's resolution did not. */
function typeScriptCandidates(specifier: string): string[] {
  const written = /\.(m?)js$/.exec(specifier);
  if (written) return [`${specifier.slice(0, -written[0].length)}.${written[1]}ts`];
  return [`${specifier}.ts`, `${specifier}.tsx`, `${specifier}/index.ts`];
}
