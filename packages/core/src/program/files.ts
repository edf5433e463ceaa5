/**
 * Per-file bookkeeping of what Cotangent adds to a file: names in use, namespace imports of other files that
 * generated code calls into, and whether it needs the runtime.
 *
 * Generated code refers to another file's functions through a namespace import (`import * as __ct_lib from
 * "./lib"`, then `__ct_lib.g_vjp_fwd`): a synthesized named import would not be rewritten by TypeScript's
 * CommonJS transform, a namespace import works in every module format.
 */
import type * as TS from "typescript";
import { Namer } from "../naming/namer";

export interface NamespaceImport {
  readonly alias: string;
  readonly specifier: string;
}

export interface FileState {
  readonly file: TS.SourceFile;
  readonly namer: Namer;
  readonly imports: Map<TS.SourceFile, NamespaceImport>;
  /**
   * Standalone derivative modules only (`cotangent emit`): the alias under which this file's derivative module
   * reaches another file's derivative module. The caller of the standalone emitter computes the specifiers.
   */
  readonly derivativeImports: Map<TS.SourceFile, string>;
  usesRuntime: boolean;
}

export const RUNTIME_ALIAS = "__ct";

export function createFileState(ts: typeof TS, file: TS.SourceFile): FileState {
  const names: string[] = [RUNTIME_ALIAS];
  const visit = (n: TS.Node): void => {
    if (ts.isIdentifier(n)) names.push(n.text);
    ts.forEachChild(n, visit);
  };
  visit(file);
  return { file, namer: new Namer(names), imports: new Map(), derivativeImports: new Map(), usesRuntime: false };
}

/** The alias under which `from` reaches `target`'s exports, adding the import on first use. */
export function namespaceAlias(ts: typeof TS, checker: TS.TypeChecker, from: FileState, target: TS.SourceFile): string {
  let entry = from.imports.get(target);
  if (!entry) {
    entry = {
      alias: from.namer.unique(`__ct_${baseName(target)}`),
      specifier: moduleSpecifier(ts, checker, from.file, target),
    };
    from.imports.set(target, entry);
  }
  return entry.alias;
}

/** The alias under which `from`'s derivative module reaches the derivative module of `target`. */
export function derivativeModuleAlias(from: FileState, target: TS.SourceFile): string {
  let alias = from.derivativeImports.get(target);
  if (!alias) {
    alias = from.namer.unique(`__ct_${baseName(target)}_derivatives`);
    from.derivativeImports.set(target, alias);
  }
  return alias;
}

function baseName(file: TS.SourceFile): string {
  return file.fileName.slice(file.fileName.lastIndexOf("/") + 1).replace(/\.[cm]?[jt]sx?$/, "");
}

/** The specifier the user already wrote for `target`, else a relative path in the same style. */
function moduleSpecifier(ts: typeof TS, checker: TS.TypeChecker, from: TS.SourceFile, target: TS.SourceFile): string {
  let usesJsExtension = false;
  for (const s of from.statements) {
    if (!ts.isImportDeclaration(s) || !ts.isStringLiteral(s.moduleSpecifier)) continue;
    if (/\.[cm]?js$/.test(s.moduleSpecifier.text)) usesJsExtension = true;
    const symbol = checker.getSymbolAtLocation(s.moduleSpecifier);
    if (symbol?.valueDeclaration === target) return s.moduleSpecifier.text;
  }
  const relative = relativePath(dirname(from.fileName), target.fileName).replace(/(\.d)?\.[cm]?tsx?$/, "");
  return `${relative.startsWith(".") ? "" : "./"}${relative}${usesJsExtension ? ".js" : ""}`;
}

function dirname(path: string): string {
  return path.slice(0, path.lastIndexOf("/"));
}

function relativePath(fromDir: string, to: string): string {
  const a = fromDir.split("/").filter(Boolean);
  const b = to.split("/").filter(Boolean);
  let common = 0;
  while (common < a.length && common < b.length - 1 && a[common] === b[common]) common++;
  const ups = a.length - common;
  return [...(ups === 0 ? ["."] : Array<string>(ups).fill("..")), ...b.slice(common)].join("/");
}
