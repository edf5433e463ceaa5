/**
 * Whether the numbers an array holds, or the rows of a matrix, may be written through a name, read from the source of
 * the function that declares the name and of the functions it gives the array to. Where nothing writes them, a copy
 * reads as the shared array would: a row pushed onto a matrix that nothing writes ('trajectory.push(state)', with
 * 'state' given new arrays, never written in place) can be copied into the matrix.
 *
 * A write is an element assigned, compound-assigned or incremented ('a[i] = …', 'm[i][j] += …'), a method that
 * changes an array, or the array handed to a callee that may write it (its parameter is checked the same way). A row
 * of a matrix is followed where it is named ('const row = m[i]', 'for (const row of m)', a callback's row). Anything
 * else that takes the array itself (another name given it later, an object, a return, a closure) counts as a write.
 */
import type * as TS from "typescript";
import { CHANGING_METHODS, isWritten } from "./parameterWrites";

/** Array methods whose callback is given each row of a matrix as its first parameter (its second for reduce). */
const ROW_CALLBACKS = new Set(["forEach", "map", "filter", "some", "every", "find", "findIndex", "findLast"]);
const ROW_REDUCERS = new Set(["reduce", "reduceRight"]);

/** `rows`: the name holds a matrix, whose rows are what may be written. */
export function mayBeWritten(ts: typeof TS, checker: TS.TypeChecker, symbol: TS.Symbol, rows: boolean): boolean {
  return new WriteSearch(ts, checker).written(symbol, rows);
}

class WriteSearch {
  private readonly seen = new Set<string>();
  private readonly ids = new Map<TS.Symbol, number>();

  constructor(
    private readonly ts: typeof TS,
    private readonly checker: TS.TypeChecker,
  ) {}

  written(symbol: TS.Symbol, rows: boolean): boolean {
    const key = `${this.idOf(symbol)}:${rows}`;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    const declaration = symbol.valueDeclaration;
    let scope: TS.Node | undefined = declaration;
    while (scope && !this.ts.isFunctionLike(scope) && !this.ts.isSourceFile(scope)) scope = scope.parent;
    if (!declaration || !scope || this.ts.isSourceFile(scope)) return true;
    const declared = (declaration as TS.NamedDeclaration).name;
    const uses: TS.Identifier[] = [];
    const collect = (node: TS.Node): void => {
      if (this.ts.isIdentifier(node) && node !== declared && this.checker.getSymbolAtLocation(node) === symbol) {
        uses.push(node);
      }
      this.ts.forEachChild(node, collect);
    };
    collect(scope);
    return uses.some((use) => this.writesThrough(use, rows));
  }

  /** Whether this use of an array (`rows`: of a matrix) may write its numbers (its rows' numbers). */
  private writesThrough(use: TS.Expression, rows: boolean): boolean {
    const { ts } = this;
    const parent = use.parent;
    // Given a new array ('state = next'): the name no longer holds it.
    if (ts.isBinaryExpression(parent) && parent.left === use && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken)
      return false;
    if (ts.isParenthesizedExpression(parent) || ts.isNonNullExpression(parent)) return this.writesThrough(parent, rows);
    if (ts.isPropertyAccessExpression(parent) && parent.expression === use) return this.method(parent, rows);
    if (ts.isElementAccessExpression(parent) && parent.expression === use) {
      if (!rows) return isWritten(ts, parent);
      // 'm[i] = r' gives the matrix a new row: the old one is not written.
      const replaced =
        ts.isBinaryExpression(parent.parent) &&
        parent.parent.left === parent &&
        parent.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
      return !replaced && this.writesThrough(parent, false);
    }
    if (ts.isCallExpression(parent) && parent.arguments.includes(use)) return this.givenTo(parent, use, rows);
    if (ts.isVariableDeclaration(parent) && parent.initializer === use) return this.heldBy(parent.name, rows);
    if (
      ts.isBinaryExpression(parent) &&
      parent.right === use &&
      parent.operatorToken.kind === ts.SyntaxKind.EqualsToken
    )
      return this.heldBy(parent.left, rows);
    // '[a, b]' naming a matrix: a row of it.
    if (!rows && ts.isArrayLiteralExpression(parent) && ts.isVariableDeclaration(parent.parent))
      return this.heldBy(parent.parent.name, true);
    if (ts.isForOfStatement(parent) && parent.expression === use) return rows && this.loopRowWritten(parent);
    if (ts.isSpreadElement(parent)) return false;
    // 'a === b' reads the array's identity, nothing else.
    const { EqualsEqualsToken, EqualsEqualsEqualsToken, ExclamationEqualsToken, ExclamationEqualsEqualsToken } =
      ts.SyntaxKind;
    const identity = [EqualsEqualsToken, EqualsEqualsEqualsToken, ExclamationEqualsToken, ExclamationEqualsEqualsToken];
    return !(ts.isBinaryExpression(parent) && identity.includes(parent.operatorToken.kind));
  }

  /** Another name now holding the array (or, `rows`, the matrix): written if anything writes through that name. */
  private heldBy(name: TS.Node, rows: boolean): boolean {
    const alias = this.ts.isIdentifier(name) ? this.checker.getSymbolAtLocation(name) : undefined;
    return !alias || this.written(alias, rows);
  }

  /** 'a.fill(0)' writes; 'm.forEach((row) => …)' writes if the callback writes the row; other methods read. */
  private method(access: TS.PropertyAccessExpression, rows: boolean): boolean {
    const { ts } = this;
    const call = ts.isCallExpression(access.parent) && access.parent.expression === access ? access.parent : undefined;
    // 'a.length = 0' shortens the array; 'a.length' reads.
    if (!call)
      return ts.isBinaryExpression(access.parent) && access.parent.left === access && isAssignment(ts, access.parent);
    const name = access.name.text;
    if (!rows) return CHANGING_METHODS.has(name);
    // A matrix's own push, sort or reverse moves rows about without writing them; a row given to a callback may be.
    const position = ROW_CALLBACKS.has(name) ? 0 : ROW_REDUCERS.has(name) ? 1 : undefined;
    if (position === undefined) return name === "fill" || name === "copyWithin";
    const callback = call.arguments[0];
    const fn = callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) ? callback : undefined;
    if (!fn) return callback !== undefined;
    const row = fn.parameters[position];
    if (!row) return false;
    const symbol = ts.isIdentifier(row.name) ? this.checker.getSymbolAtLocation(row.name) : undefined;
    return !symbol || this.written(symbol, false);
  }

  /** An argument: written if the callee's parameter may be (a callee without source may write anything). */
  private givenTo(call: TS.CallExpression, use: TS.Expression, rows: boolean): boolean {
    const { ts } = this;
    // 'm.push(a)': a becomes a row of m, written if m's rows are.
    const callee = call.expression;
    if (!rows && ts.isPropertyAccessExpression(callee) && callee.name.text === "push")
      return this.heldBy(callee.expression, true);
    const declaration = this.checker.getResolvedSignature(call)?.declaration;
    if (!declaration || ts.isJSDocSignature(declaration) || !("body" in declaration) || !declaration.body) return true;
    const param = declaration.parameters[call.arguments.indexOf(use)];
    const symbol = param && ts.isIdentifier(param.name) ? this.checker.getSymbolAtLocation(param.name) : undefined;
    return !symbol || this.written(symbol, rows);
  }

  /** 'for (const row of m)': whether the loop writes its row. */
  private loopRowWritten(loop: TS.ForOfStatement): boolean {
    const { ts } = this;
    const list = loop.initializer;
    const only =
      ts.isVariableDeclarationList(list) && list.declarations.length === 1 ? list.declarations[0] : undefined;
    if (!only || !ts.isIdentifier(only.name)) return !only || !ts.isArrayBindingPattern(only.name);
    const symbol = this.checker.getSymbolAtLocation(only.name);
    return !symbol || this.written(symbol, false);
  }

  private idOf(symbol: TS.Symbol): number {
    let id = this.ids.get(symbol);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(symbol, id);
    }
    return id;
  }
}

function isAssignment(ts: typeof TS, node: TS.BinaryExpression): boolean {
  const kind = node.operatorToken.kind;
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}
