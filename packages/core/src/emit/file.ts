/**
 * Rewrites one source file: marker calls replaced by their expansions, generated derivatives inserted after
 * their primal's top-level statement, and the namespace imports they need added at the top.
 * A file with nothing to add is returned as the same node, so it prints byte-for-byte as without Cotangent.
 */
import type * as TS from "typescript";
import type { Expansion } from "../expand/markers";
import type { DerivativeKind, DerivativeRequest } from "../program/registry";
import type { FileState } from "../program/files";
import { RUNTIME_ALIAS } from "../program/files";
import { emitFunctionDeclaration } from "./statements";

export interface FileEdits {
  readonly state: FileState | undefined;
  readonly requests: readonly DerivativeRequest[];
  readonly expansions: ReadonlyMap<TS.Node, Expansion>;
  readonly runtimeSpecifier: string;
}

const KINDS: readonly DerivativeKind[] = ["jvp", "vjp", "grad", "into", "fwd", "bwd", "hvp"];

export function hasEdits(edits: FileEdits): boolean {
  return edits.expansions.size > 0 || edits.requests.some((r) => r.anchor && r.generated);
}

export function rewriteFile(
  ts: typeof TS,
  context: TS.TransformationContext,
  file: TS.SourceFile,
  edits: FileEdits,
): TS.SourceFile {
  if (!hasEdits(edits)) return file;
  const f = context.factory;
  const visit = (node: TS.Node): TS.Node => {
    const expansion = edits.expansions.get(ts.getOriginalNode(node));
    if (expansion) return expansion((e) => ts.visitNode(e, visit) as TS.Expression);
    return ts.visitEachChild(node, visit, context);
  };

  const after = new Map<TS.Node, TS.Statement[]>();
  for (const req of edits.requests) {
    if (!req.anchor || !req.generated) continue;
    const list = after.get(req.anchor) ?? [];
    for (const kind of KINDS) {
      const fn = req.generated[kind];
      if (fn && req.uses.has(kind)) list.push(emitFunctionDeclaration(ts, fn, req.exported));
    }
    after.set(req.anchor, list);
  }

  const statements: TS.Statement[] = [];
  for (const s of file.statements) {
    statements.push(ts.visitNode(s, visit) as TS.Statement);
    statements.push(...(after.get(s) ?? []));
  }
  const imports: TS.Statement[] = [];
  const namespaceImport = (alias: string, specifier: string) =>
    f.createImportDeclaration(
      undefined,
      f.createImportClause(undefined, undefined, f.createNamespaceImport(f.createIdentifier(alias))),
      f.createStringLiteral(specifier),
    );
  if (edits.state?.usesRuntime) imports.push(namespaceImport(RUNTIME_ALIAS, edits.runtimeSpecifier));
  for (const { alias, specifier } of edits.state?.imports.values() ?? [])
    imports.push(namespaceImport(alias, specifier));
  // Imports go after the file's own leading imports, keeping a "use strict" or shebang first.
  let insertAt = 0;
  while (insertAt < statements.length && ts.isImportDeclaration(statements[insertAt])) insertAt++;
  statements.splice(insertAt, 0, ...imports);
  return f.updateSourceFile(file, statements);
}
