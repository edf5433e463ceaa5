/**
 * Imports of a standalone derivative module: the primal file's top-level names that the generated code reads, the
 * user's own imports those names come from, and namespace imports of other files and their derivative modules.
 * Specifiers are relative to the derivative module, which may live in another folder (`--out-dir`).
 */
import type * as TS from "typescript";

/** Where a free name of the generated code comes from, seen from the primal file. */
export type Binding =
  /** Declared at the primal file's top level; imported from it under `exportedAs` when exported. */
  | { readonly kind: "local"; readonly declaration: TS.Node; readonly exportedAs: string | undefined }
  /** Imported by the primal file: the same import is repeated, its relative specifier rebased. */
  | { readonly kind: "import"; readonly specifier: string; readonly imported: string | "default" | "*" }
  /** Not the file's: a global such as `Math` or `Float64Array`. */
  | { readonly kind: "global" };

export function bindingOf(ts: typeof TS, file: TS.SourceFile, name: string): Binding {
  for (const s of file.statements) {
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && !s.importClause?.isTypeOnly) {
      const imported = importedName(ts, s, name);
      if (imported) return { kind: "import", specifier: s.moduleSpecifier.text, imported };
    }
    const declaration = declarationNamed(ts, s, name);
    if (declaration) return { kind: "local", declaration, exportedAs: exportedName(ts, file, s, name) };
  }
  return { kind: "global" };
}

function importedName(ts: typeof TS, s: TS.ImportDeclaration, name: string): string | undefined {
  const clause = s.importClause;
  if (!clause) return undefined;
  if (clause.name?.text === name) return "default";
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) return bindings.name.text === name ? "*" : undefined;
  const element = bindings?.elements.find((e) => e.name.text === name && !e.isTypeOnly);
  return element ? (element.propertyName ?? element.name).text : undefined;
}

function declarationNamed(ts: typeof TS, s: TS.Statement, name: string): TS.Node | undefined {
  if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isEnumDeclaration(s)) && s.name?.text === name) {
    return s;
  }
  if (ts.isVariableStatement(s)) {
    return s.declarationList.declarations.find((d) => ts.isIdentifier(d.name) && d.name.text === name);
  }
  return undefined;
}

function exportedName(ts: typeof TS, file: TS.SourceFile, s: TS.Statement, name: string): string | undefined {
  const modifiers = ts.canHaveModifiers(s) ? ts.getModifiers(s) : undefined;
  if (modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
    return modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) ? "default" : name;
  }
  // `export { name }` or `export { name as other }` elsewhere in the file.
  for (const e of file.statements) {
    if (!ts.isExportDeclaration(e) || e.moduleSpecifier || e.isTypeOnly || !e.exportClause) continue;
    if (!ts.isNamedExports(e.exportClause)) continue;
    const element = e.exportClause.elements.find((x) => (x.propertyName ?? x.name).text === name && !x.isTypeOnly);
    if (element) return element.name.text;
  }
  return undefined;
}

/** `import * as alias from "spec"`, `import { a, b as c } from "spec"`, `import d from "spec"`. */
export function importDeclaration(
  ts: typeof TS,
  specifier: string,
  what: { readonly namespace?: string; readonly defaultName?: string; readonly named?: readonly [string, string][] },
): TS.ImportDeclaration {
  const f = ts.factory;
  const bindings = what.namespace
    ? f.createNamespaceImport(f.createIdentifier(what.namespace))
    : what.named && what.named.length > 0
      ? f.createNamedImports(
          what.named.map(([imported, local]) =>
            f.createImportSpecifier(
              false,
              imported === local ? undefined : f.createIdentifier(imported),
              f.createIdentifier(local),
            ),
          ),
        )
      : undefined;
  const defaultName = what.defaultName ? f.createIdentifier(what.defaultName) : undefined;
  return f.createImportDeclaration(
    undefined,
    f.createImportClause(undefined, defaultName, bindings),
    f.createStringLiteral(specifier),
  );
}

/** The extension a file's relative imports use: ".js" (Node ESM style), ".ts", or "" (none). */
export function importExtensionStyle(ts: typeof TS, file: TS.SourceFile): string {
  for (const s of file.statements) {
    if (!ts.isImportDeclaration(s) || !ts.isStringLiteral(s.moduleSpecifier)) continue;
    const spec = s.moduleSpecifier.text;
    if (!spec.startsWith(".")) continue;
    const match = /\.[cm]?[jt]s$/.exec(spec);
    return match ? (match[0].endsWith("ts") ? ".ts" : ".js") : "";
  }
  // Node's ESM resolution needs the extension even when the file has no relative import to copy it from.
  return file.impliedNodeFormat === ts.ModuleKind.ESNext ? ".js" : "";
}

/** The specifier under which a module at `fromPath` imports the file at `toPath` (both absolute, '/'-separated). */
export function relativeSpecifier(fromPath: string, toPath: string, extensionStyle: string): string {
  const relative = relativePath(dirname(fromPath), toPath);
  const match = /\.([cm]?)tsx?$/.exec(relative);
  const stem = match ? relative.slice(0, match.index) : relative;
  const extension =
    extensionStyle === "" ? "" : extensionStyle === ".ts" ? (match?.[0] ?? ".ts") : `.${match?.[1] ?? ""}js`;
  return `${stem.startsWith(".") ? "" : "./"}${stem}${extension}`;
}

/** A relative specifier written in `fromFile`, rewritten for a module at `toModule`; other specifiers as they are. */
export function rebaseSpecifier(specifier: string, fromFile: string, toModule: string): string {
  if (!specifier.startsWith(".")) return specifier;
  const target = normalize(`${dirname(fromFile)}/${specifier}`);
  const relative = relativePath(dirname(toModule), target);
  return relative.startsWith(".") ? relative : `./${relative}`;
}

export function dirname(path: string): string {
  return path.slice(0, path.lastIndexOf("/"));
}

function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "..") out.pop();
    else if (part !== ".") out.push(part);
  }
  return out.join("/");
}

function relativePath(fromDir: string, to: string): string {
  const a = fromDir.split("/").filter(Boolean);
  const b = to.split("/").filter(Boolean);
  let common = 0;
  while (common < a.length && common < b.length - 1 && a[common] === b[common]) common++;
  const ups = a.length - common;
  return [...(ups === 0 ? ["."] : Array<string>(ups).fill("..")), ...b.slice(common)].join("/");
}
