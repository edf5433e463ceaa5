/**
 * 'y = y.map(f)', 'y = next', 'y = c ? y.slice(1) : []': a local array variable given another array. JavaScript
 * rebinds the name; the generated code copies the new array into the local's own, a fresh array of the new length:
 *   'y = y.map((v) => v - h * v)'  →  'y_new = …map into a new array…; y = new Array(y_new.length); copy y_new → y'
 * The two read the same as long as no other name holds either array. So the local must be its name's alone (declared
 * as a new array, 'let y = x.slice()', not 'let y = x'), nothing may be walking it (JavaScript's 'for … of y' and
 * 'y.forEach(…)' go on over the old array), and the new array must be fresh: built by the expression, or a 'const'
 * declared in the same block that nothing reads afterwards, a closure included ('const next = …; y = next;').
 * A matrix the function builds ('P = matmul(F, P)') is copied the same way, its row starts with it.
 */
import type * as TS from "typescript";
import { isMatrixType, type ArrayType } from "../ir/expr";
import { isArrayType } from "../ir/stmt";
import { Messages } from "../diagnostics/messages";
import { collectStmts, freshTemp, symbolOfIdentifier, type LowerContext, type ObjectBinding } from "./context";
import { arrayOperand, copyArray, lowerArrayInit } from "./arrayMethods";
import { lowerAtom, shorten } from "./expressions";
import { skipParentheses } from "./arrays";
import { declareMatrix, matrixValue } from "./localMatrices";
import { rowAsArray, rowNamedAcross } from "./matrixSharing";

export function lowerArrayAssignment(ctx: LowerContext, target: string, node: TS.BinaryExpression): void {
  const { ts } = ctx;
  const type = ctx.locals.get(target) as ArrayType;
  const targetSymbol = ctx.checker.getSymbolAtLocation(skipParentheses(ts, node.left));
  const refuse = () => ctx.sink.report(node, Messages.ArrayRebinding, [shorten(node.getText(ctx.sourceFile))]);
  if (!mayRebind(ctx, target, targetSymbol, node)) return refuse();
  const right = skipParentheses(ts, node.right);
  const rightSymbol = ts.isIdentifier(right) ? ctx.checker.getSymbolAtLocation(right) : undefined;
  if (rightSymbol && ctx.names.get(rightSymbol) === target) return;
  const starts = ctx.localMatrices.get(target);
  if (starts && rowNamedAcross(ctx, target, node)) return;
  const build = () => (starts ? builtMatrix(ctx, target, right) : builtArray(ctx, target, type, right));
  const source = ts.isIdentifier(right) ? namedFreshArray(ctx, right, node) : build();
  // 'const r = next[0]; P = next': JavaScript's r then names a row of P.
  const sourceRowNamed = source !== undefined && [...ctx.rows.values()].some((row) => row.matrix === source);
  if (!source || (starts && sourceRowNamed)) return refuse();
  if (source === target) return;
  copyArray(ctx, target, type, source);
  // A matrix the function builds: its row starts too ('P = matmul(F, P)').
  const sourceStarts = ctx.localMatrices.get(source);
  if (starts && sourceStarts) copyArray(ctx, starts, "number[]", sourceStarts);
  else if (starts) refuse();
}

/**
 * Whether the local array `target` (named by `symbol`) may be given another array at `node`: a local of its name
 * alone, not a matrix's, and walked by nothing around `node`.
 */
export function mayRebind(
  ctx: LowerContext,
  target: string,
  symbol: TS.Symbol | undefined,
  node: TS.Node,
): symbol is TS.Symbol {
  const type = ctx.locals.get(target);
  const owned =
    isArrayType(type) && !isMatrixType(type) && !ctx.params.has(target) && !sharedName(ctx, target, symbol, node);
  return owned && symbol !== undefined && !walkedAround(ctx, node, symbol);
}

/** The arrays that exist before a value is lowered: the function's locals and parameters (see isNewArray). */
export function arraysBefore(ctx: LowerContext): ReadonlySet<string> {
  return new Set([...ctx.locals.keys(), ...ctx.params]);
}

/**
 * Whether the array `name`, which a value lowered after `before` was taken holds, is new: made by the value, not an
 * array of the function's from before, nor a module's constant (which the value may name for the first time).
 */
export function isNewArray(ctx: LowerContext, before: ReadonlySet<string>, name: string): boolean {
  return !before.has(name) && !ctx.externals.has(name);
}

/** A new matrix that `node` builds, or that an inlined call builds and returns; undefined for anything else. */
function builtMatrix(ctx: LowerContext, target: string, node: TS.Expression): string | undefined {
  const before = arraysBefore(ctx);
  const built = matrixValue(ctx, node, () => declareMatrix(ctx, undefined, `${target}_new`));
  return built && isNewArray(ctx, before, built) ? built : undefined;
}

/**
 * A new array that `node` builds, in a fresh local of the target's type ('[]' included, and either branch of a
 * conditional), or that a call returns (one that did not exist before it). Undefined for anything else.
 */
export function builtArray(
  ctx: LowerContext,
  target: string,
  type: ArrayType,
  node: TS.Expression,
): string | undefined {
  if (rowAsArray(ctx, node, `the new value of '${target}'`)) return target;
  const built = freshTemp(ctx, `${target}_new`, target, type);
  if (buildInto(ctx, built, type, node)) return built;
  const before = arraysBefore(ctx);
  const returned = arrayOperand(ctx, node);
  return returned && (returned === target || isNewArray(ctx, before, returned)) ? returned : undefined;
}

function buildInto(ctx: LowerContext, target: string, type: ArrayType, node: TS.Expression): boolean {
  const { ts } = ctx;
  node = skipParentheses(ts, node);
  if (!ts.isConditionalExpression(node)) return lowerArrayInit(ctx, target, type, node);
  const test = lowerAtom(ctx, node.condition, "cond");
  let built = true;
  const then = collectStmts(ctx, () => (built &&= buildInto(ctx, target, type, node.whenTrue)));
  const otherwise = collectStmts(ctx, () => (built &&= buildInto(ctx, target, type, node.whenFalse)));
  if (built) ctx.out.push({ kind: "if", test, then, else: otherwise, origin: ctx.origin });
  return built;
}

/**
 * Whether the assignment runs while the array is being walked: inside 'for (… of y)' (or 'y.entries()') or inside a
 * callback of one of y's own methods ('y.forEach((v) => { y = … })'). In a function inlined where it is called, the
 * walk may be around the call: the search goes on from each call site out, up to the differentiated function.
 */
export function walkedAround(ctx: LowerContext, assignment: TS.Node, symbol: TS.Symbol): boolean {
  const { ts } = ctx;
  const sites = ctx.inlining.map((frame) => frame.site);
  for (let node: TS.Node | undefined = assignment; node && node !== ctx.fn;) {
    const parent: TS.Node | undefined = node.parent;
    if (!parent) return true;
    if (ts.isForOfStatement(parent) && node === parent.statement && walks(ctx, parent.expression, symbol)) return true;
    const method = ts.isCallExpression(parent) && ts.isPropertyAccessExpression(parent.expression) ? parent : undefined;
    if (method && method.arguments.includes(node as TS.Expression)) {
      if (isName(ctx, (method.expression as TS.PropertyAccessExpression).expression, symbol)) return true;
    }
    // Out of an inlined function's body: on from where it was called.
    const frame = ctx.inlining.findIndex((f) => f.fn === parent);
    node = frame >= 0 && sites[frame] ? sites[frame] : parent;
  }
  return false;
}

/** Whether 'for … of' over `node` walks the array `symbol` names: 'y', 'y.entries()', 'y.keys()', 'y.values()'. */
function walks(ctx: LowerContext, node: TS.Expression, symbol: TS.Symbol): boolean {
  const { ts } = ctx;
  const call =
    ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) ? node.expression : undefined;
  const iterator = call && ["entries", "keys", "values"].includes(call.name.text) ? call.expression : node;
  return isName(ctx, iterator, symbol);
}

function isName(ctx: LowerContext, node: TS.Expression, symbol: TS.Symbol): boolean {
  const { ts } = ctx;
  node = skipParentheses(ts, node);
  return ts.isIdentifier(node) && symbolOfIdentifier(ctx, node) === symbol;
}

/**
 * The array a 'const' names, if the assignment may copy it: a local array of that name alone, declared in the same
 * block as the assignment statement (a new one each time the block runs), read neither after it nor by a function
 * declared in the function (which may run later).
 */
function namedFreshArray(ctx: LowerContext, name: TS.Identifier, assignment: TS.BinaryExpression): string | undefined {
  const { ts } = ctx;
  const symbol = ctx.checker.getSymbolAtLocation(name);
  const array = symbol && ctx.names.get(symbol);
  const shared = sharedName(ctx, array ?? "", symbol, assignment);
  if (!symbol || !array || !ctx.locals.has(array) || ctx.params.has(array) || shared) {
    return undefined;
  }
  // 'const [p, v] = step(pos, vel)': the declaration the destructured name is part of.
  let declaration: TS.Node | undefined = symbol.valueDeclaration;
  while (declaration && ts.isBindingElement(declaration)) declaration = declaration.parent.parent;
  const list = declaration && ts.isVariableDeclaration(declaration) ? declaration.parent : undefined;
  const isConst = list !== undefined && ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0;
  const statement = assignment.parent;
  if (!isConst || !ts.isExpressionStatement(statement) || list.parent.parent !== statement.parent) return undefined;
  const block = statement.parent as TS.Block;
  const after = block.statements.slice(block.statements.indexOf(statement) + 1);
  if (after.some((s) => mentions(ctx, s, symbol)) || readByClosure(ctx, ctx.fn, symbol)) return undefined;
  return array;
}

/** Whether a function declared inside `node`, other than a callback passed straight to a call, mentions `symbol`. */
export function readByClosure(ctx: LowerContext, node: TS.Node, symbol: TS.Symbol): boolean {
  const { ts } = ctx;
  return (
    ts.forEachChild(node, (child) => {
      const callback = ts.isCallExpression(node) && node.arguments.includes(child as TS.Expression);
      if (ts.isFunctionLike(child) && !callback && mentions(ctx, child, symbol)) return true;
      return readByClosure(ctx, child, symbol) || undefined;
    }) ?? false
  );
}

/**
 * Whether `symbol` can still be read at `at`: declared in the differentiated function, or in a function being inlined
 * or enclosing `at`. A parameter of a callee inlined earlier ('z' of 'id(z)' after 'y = id(y)') cannot.
 */
function inScope(ctx: LowerContext, symbol: TS.Symbol, at: TS.Node): boolean {
  const { ts } = ctx;
  let owner: TS.Node | undefined = symbol.valueDeclaration ?? symbol.declarations?.[0];
  while (owner && !ts.isFunctionLike(owner)) owner = owner.parent;
  if (!owner || owner === ctx.fn || ctx.inlining.some((frame) => frame.fn === owner)) return true;
  return owner.getSourceFile() === at.getSourceFile() && owner.pos <= at.pos && at.end <= owner.end;
}

/** Whether a name other than `symbol`'s, or an object's field, also holds the IR array `array`. */
export function sharedName(ctx: LowerContext, array: string, symbol: TS.Symbol | undefined, at: TS.Node): boolean {
  const holds = (binding: ObjectBinding): boolean =>
    [...binding.values()].some((leaf) => (typeof leaf === "string" ? leaf === array : holds(leaf)));
  return (
    namedElsewhere(ctx, array, symbol, at) ||
    [...ctx.objects.values()].some(holds) ||
    [...ctx.builtObjects.values()].some(({ binding }) => holds(binding))
  );
}

/** Whether a name other than `symbol`'s that can still be read at `at` holds the IR array `array`. */
export function namedElsewhere(ctx: LowerContext, array: string, symbol: TS.Symbol | undefined, at: TS.Node): boolean {
  return [...ctx.names].some(([other, name]) => name === array && other !== symbol && inScope(ctx, other, at));
}

export function mentions(ctx: LowerContext, node: TS.Node, symbol: TS.Symbol): boolean {
  const { ts } = ctx;
  if (ts.isIdentifier(node) && symbolOfIdentifier(ctx, node) === symbol) return true;
  return ts.forEachChild(node, (child) => mentions(ctx, child, symbol) || undefined) ?? false;
}
