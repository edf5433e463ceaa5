/**
 * Whether the numbers an array holds, or the rows of a matrix, may be written through a name, read from the source of
 * the function that declares the name and of the functions it gives the array to. Where nothing writes them, a copy
 * reads as the shared array would: a row pushed onto a matrix that nothing writes ('trajectory.push(state)', with
 * 'state' given new arrays, never written in place) can be copied into the matrix.
 *
 * A write is an element assigned, compound-assigned or incremented ('a[i] = …', 'm[i][j] += …'), a method that
 * changes an array, or the array handed to a callee that may write it (its parameter is checked the same way). A row
 * of a matrix is followed where it is named ('const row = m[i]', 'for (const row of m)', a callback's row), and so is
 * a view of an array's numbers ('a.subarray(1)'). Anything
 * else that takes the array itself (another name given it later, an object, a return, a closure) counts as a write.
 */
import type * as TS from "typescript";
import { CHANGING_METHODS, isWritten, SHARING_METHODS, writtenTarget } from "./parameterWrites";
import { withoutAssertions } from "./arrays";

/**
 * Methods of a matrix whose result holds none of its rows (a walk's callback gets them: followed), and a matrix's
 * own 'push', which adds rows and writes none.
 */
const ROW_READS = new Set([
  "forEach",
  "map",
  "some",
  "every",
  "reduce",
  "reduceRight",
  "findIndex",
  "findLastIndex",
  "indexOf",
  "includes",
  "flat",
  "keys",
  "push",
]);
/** Methods whose callback gets each element, its index and the array itself. */
const WALKS = new Set([
  "forEach",
  "map",
  "filter",
  "some",
  "every",
  "find",
  "findIndex",
  "findLast",
  "findLastIndex",
  "flatMap",
  "reduce",
  "reduceRight",
]);
/** Methods of a matrix returning a new matrix of some of its rows (their callbacks' rows followed too). */
const ROW_SHARING = new Set(["slice", "filter"]);
/** Methods reordering a matrix's rows (in place, or in a new matrix), whose comparator gets two rows. */
const ROW_REORDERINGS = new Set(["sort", "reverse", "toSorted", "toReversed"]);
/** Methods whose callback gets the accumulator first, then the element. */
const ROW_REDUCERS = new Set(["reduce", "reduceRight"]);

/** `rows`: the name holds a matrix, whose rows are what may be written. */
export function mayBeWritten(ts: typeof TS, checker: TS.TypeChecker, symbol: TS.Symbol, rows: boolean): boolean {
  return new WriteSearch(ts, checker).written(symbol, rows);
}

/** Whether the rows of the matrix an expression builds ('A.slice(1)' read in place) may be written where it goes. */
export function builtRowsMayBeWritten(ts: typeof TS, checker: TS.TypeChecker, built: TS.Expression): boolean {
  return new WriteSearch(ts, checker).resultWritten(built);
}

/** Constructors whose 'new C(a)' and 'C.from(a)' copy an array's numbers ('new Array(a)' holds a itself). */
const COPYING_CONSTRUCTORS = new Set(["Array", "Float64Array", "Float32Array"]);

/** Methods returning a new array: an array a local is declared with from one of them is no other array's. */
const NEW_ARRAYS = new Set([
  "slice",
  "map",
  "filter",
  "concat",
  "flat",
  "from",
  "of",
  "toSorted",
  "toReversed",
  "with",
]);

/**
 * Whether the numbers a view ('a.subarray(1, 3)') shares with its array may be written while the function runs:
 * through the view, the array, or any other name either is given. Only an array a parameter or a local declared as a
 * new one holds is followed, from that name; a view of anything else (a matrix's row, a module's array, an array a
 * callee returned, which may be another's) counts as written.
 */
export function viewMayBeWritten(ts: typeof TS, checker: TS.TypeChecker, view: TS.CallExpression): boolean {
  const holder = ts.isPropertyAccessExpression(view.expression)
    ? arrayHolder(ts, checker, view.expression.expression)
    : undefined;
  return !holder || new WriteSearch(ts, checker).written(holder, false);
}

/** The parameter or local first given the array `e` names, following aliases and views; undefined if not known. */
function arrayHolder(ts: typeof TS, checker: TS.TypeChecker, e: TS.Expression): TS.Symbol | undefined {
  e = withoutAssertions(ts, e);
  // 'x.subarray(1).subarray(0, 2)': a view of a view of x.
  const view = ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) ? e.expression : undefined;
  if (view && SHARING_METHODS.has(view.name.text)) return arrayHolder(ts, checker, view.expression);
  const symbol = ts.isIdentifier(e) ? checker.getSymbolAtLocation(e) : undefined;
  const declaration = symbol?.valueDeclaration;
  if (!declaration) return undefined;
  if (ts.isParameter(declaration)) return ts.isIdentifier(declaration.name) ? symbol : undefined;
  if (!ts.isVariableDeclaration(declaration) || !declaration.initializer || !ts.isIdentifier(declaration.name))
    return undefined;
  const init = withoutAssertions(ts, declaration.initializer);
  const method =
    ts.isCallExpression(init) && ts.isPropertyAccessExpression(init.expression) ? init.expression : undefined;
  // Another name for an array, or a view of one: the array's holder.
  if (ts.isIdentifier(init) || (method && SHARING_METHODS.has(method.name.text))) return arrayHolder(ts, checker, init);
  if (ts.isNewExpression(init) || ts.isArrayLiteralExpression(init)) return symbol;
  if (method && NEW_ARRAYS.has(method.name.text)) return symbol;
  // 'new Array<number>(n).fill(0)', 'x.slice().fill(0)': fill returns the new array it filled.
  const filled = method?.name.text === "fill" ? method.expression : undefined;
  const copy =
    filled && ts.isCallExpression(filled) && ts.isPropertyAccessExpression(filled.expression)
      ? filled.expression.name.text
      : undefined;
  return filled && (ts.isNewExpression(filled) || (copy && NEW_ARRAYS.has(copy))) ? symbol : undefined;
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
      if (this.ts.isIdentifier(node) && node !== declared && this.symbolOf(node) === symbol) {
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
    // 'flag ? x : z': the chosen array goes where the choice goes.
    if (ts.isConditionalExpression(parent) && parent.condition !== use) return this.writesThrough(parent, rows);
    // A value no one takes ('m.sort(cmp);' as a statement).
    if (ts.isExpressionStatement(parent)) return false;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === use) return this.method(parent, rows);
    if (ts.isElementAccessExpression(parent) && parent.expression === use) {
      if (!rows) return isWritten(ts, parent);
      // 'm[i] = r', '[m[0], m[1]] = [m[1], m[0]]' give the matrix new rows: the old ones are not written.
      return !isWritten(ts, parent) && this.writesThrough(parent, false);
    }
    if (ts.isCallExpression(parent) && parent.arguments.includes(use)) return this.givenTo(parent, use, rows);
    // 'new Float64Array(a)': a copy of a's numbers.
    const constructed = ts.isNewExpression(parent) && ts.isIdentifier(parent.expression) ? parent.expression.text : "";
    if (!rows && COPYING_CONSTRUCTORS.has(constructed) && constructed !== "Array") return false;
    if (ts.isVariableDeclaration(parent) && parent.initializer === use) return this.heldBy(parent.name, rows);
    if (
      ts.isBinaryExpression(parent) &&
      parent.right === use &&
      parent.operatorToken.kind === ts.SyntaxKind.EqualsToken
    )
      return this.heldBy(parent.left, rows);
    // '[m[0], m[1]] = [m[1], m[0]]': each value goes to the target in its place.
    const destructured = ts.isArrayLiteralExpression(parent) ? destructuringTarget(ts, parent, use) : undefined;
    if (destructured) return this.heldByTarget(destructured, rows);
    // '[a, b]' naming a matrix: a row of it.
    if (!rows && ts.isArrayLiteralExpression(parent) && ts.isVariableDeclaration(parent.parent))
      return this.heldBy(parent.parent.name, true);
    if (ts.isForOfStatement(parent) && parent.expression === use) return rows && this.loopRowWritten(parent);
    // '[...a]' copies numbers, but shares a matrix's rows with the new matrix (and with a callee's parameters).
    if (ts.isSpreadElement(parent)) {
      const literal = ts.isArrayLiteralExpression(parent.parent) ? parent.parent : undefined;
      return rows && (!literal || this.resultWritten(literal));
    }
    // 'a === b' reads the array's identity, nothing else.
    const { EqualsEqualsToken, EqualsEqualsEqualsToken, ExclamationEqualsToken, ExclamationEqualsEqualsToken } =
      ts.SyntaxKind;
    const identity = [EqualsEqualsToken, EqualsEqualsEqualsToken, ExclamationEqualsToken, ExclamationEqualsEqualsToken];
    return !(ts.isBinaryExpression(parent) && identity.includes(parent.operatorToken.kind));
  }

  /** A matrix holding rows of the one followed ('m.slice(1)', '[...m]'): followed as a use of its own. */
  resultWritten(result: TS.Expression): boolean {
    return this.writesThrough(result, true);
  }

  /** Another name now holding the array (or, `rows`, the matrix): written if anything writes through that name. */
  private heldBy(name: TS.Node, rows: boolean): boolean {
    const alias = this.ts.isIdentifier(name) ? this.checker.getSymbolAtLocation(name) : undefined;
    return !alias || this.written(alias, rows);
  }

  /** A destructuring target given the array: a name, or (for a row) a place in a named matrix ('m[0]'). */
  private heldByTarget(target: TS.Expression, rows: boolean): boolean {
    const { ts } = this;
    if (ts.isIdentifier(target)) return this.heldBy(target, rows);
    return rows || !ts.isElementAccessExpression(target) || this.heldBy(target.expression, true);
  }

  /**
   * 'a.fill(0)' writes. A callback's element (a matrix's row) and its array parameter ('(v, i, self) => …', the
   * array itself) are followed. On a matrix, a method whose result could hold its rows ('slice', 'values', 'find')
   * counts as a write: only those known to return none are reads.
   */
  private method(access: TS.PropertyAccessExpression, rows: boolean): boolean {
    const { ts } = this;
    const call = ts.isCallExpression(access.parent) && access.parent.expression === access ? access.parent : undefined;
    // 'a.length = 0' shortens the array; 'a.length' reads.
    if (!call) return writtenTarget(ts, access.parent) === access;
    const name = access.name.text;
    // 'm.sort(cmp)', 'm.toReversed()': the comparator's rows, then the matrix (or a new one of its rows) followed.
    if (rows && ROW_REORDERINGS.has(name)) {
      const comparator = call.arguments[0] && this.functionOf(call.arguments[0]);
      if (call.arguments[0] && !comparator) return true;
      const [a, b] = comparator?.parameters ?? [];
      return this.parameterWritten(a, false) || this.parameterWritten(b, false) || this.resultWritten(call);
    }
    // 'a.subarray(1)': a view of a's numbers, followed where it goes.
    if (!rows && SHARING_METHODS.has(name)) return this.writesThrough(call, false);
    // 'm.slice(1)', 'm.filter(keep)': a new matrix of m's rows, followed where it goes.
    if (rows && ROW_SHARING.has(name) && this.resultWritten(call)) return true;
    if (rows ? !ROW_READS.has(name) && !ROW_SHARING.has(name) : CHANGING_METHODS.has(name)) return true;
    const callback = WALKS.has(name) ? call.arguments[0] : undefined;
    if (!callback || ts.isPropertyAccessExpression(callback)) return false;
    const fn = this.functionOf(callback);
    if (!fn) return true;
    const reducer = ROW_REDUCERS.has(name);
    const item = fn.parameters[reducer ? 1 : 0];
    const self = fn.parameters[reducer ? 3 : 2];
    return (rows && this.parameterWritten(item, false)) || this.parameterWritten(self, rows);
  }

  /** A callback inline ('(v) => …') or passed by name ('x.forEach(report)'); undefined if it cannot be read. */
  private functionOf(callback: TS.Expression): TS.SignatureDeclaration | undefined {
    const { ts } = this;
    if (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) return callback;
    const declaration = ts.isIdentifier(callback)
      ? this.checker.getSymbolAtLocation(callback)?.valueDeclaration
      : undefined;
    if (declaration && ts.isFunctionDeclaration(declaration)) return declaration;
    const init = declaration && ts.isVariableDeclaration(declaration) ? declaration.initializer : undefined;
    return init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) ? init : undefined;
  }

  /** A callback's parameter: written if anything writes through it (none given: nothing). */
  private parameterWritten(param: TS.ParameterDeclaration | undefined, rows: boolean): boolean {
    if (!param) return false;
    const symbol = this.ts.isIdentifier(param.name) ? this.checker.getSymbolAtLocation(param.name) : undefined;
    return !symbol || this.written(symbol, rows);
  }

  /** An argument: written if the callee's parameter may be (a callee without source may write anything). */
  private givenTo(call: TS.CallExpression, use: TS.Expression, rows: boolean): boolean {
    const { ts } = this;
    // 'm.push(a)': a becomes a row of m, written if m's rows are.
    const callee = call.expression;
    if (!rows && ts.isPropertyAccessExpression(callee) && callee.name.text === "push")
      return this.heldBy(callee.expression, true);
    // 'a.reduce(step, x)': x is the first step's accumulator, and the result where no step runs.
    const reduces = ts.isPropertyAccessExpression(callee) && ROW_REDUCERS.has(callee.name.text);
    if (reduces && call.arguments[1] === use) {
      const step = call.arguments[0] && this.functionOf(call.arguments[0]);
      return !step || this.parameterWritten(step.parameters[0], rows) || this.writesThrough(call, rows);
    }
    // 'Array.from(m)': a new matrix of m's rows.
    const copies = ts.isPropertyAccessExpression(callee) && callee.name.text === "from" && call.arguments.length === 1;
    if (rows && copies && ts.isIdentifier(callee.expression) && callee.expression.text === "Array")
      return this.resultWritten(call);
    // 'Float64Array.from(a)', 'Array.from(a)': a copy of a's numbers.
    if (!rows && copies && ts.isIdentifier(callee.expression) && COPYING_CONSTRUCTORS.has(callee.expression.text))
      return false;
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

  /** The variable an identifier names, also in a shorthand property ('{ r }' names the variable r). */
  private symbolOf(node: TS.Identifier): TS.Symbol | undefined {
    const parent = node.parent;
    return this.ts.isShorthandPropertyAssignment(parent) && parent.name === node
      ? this.checker.getShorthandAssignmentValueSymbol(parent)
      : this.checker.getSymbolAtLocation(node);
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

/** The target an element of an array literal is assigned to, in '[p, q] = [a, b]'; undefined elsewhere. */
function destructuringTarget(
  ts: typeof TS,
  literal: TS.ArrayLiteralExpression,
  element: TS.Expression,
): TS.Expression | undefined {
  const assignment = literal.parent;
  if (!ts.isBinaryExpression(assignment) || assignment.right !== literal) return undefined;
  if (assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isArrayLiteralExpression(assignment.left)) {
    return undefined;
  }
  const target = assignment.left.elements[literal.elements.indexOf(element)];
  return target && !ts.isSpreadElement(target) && !ts.isOmittedExpression(target) ? target : undefined;
}
