/**
 * Turns a generic report into the catalog's specific entry for the construct it points at. Lowering reports what it
 * cannot lower with a few generic messages (`UnsupportedStatement`, `UnsupportedExpression`, `UnresolvedCallee`…);
 * this table, consulted by the sink, picks the entry that says what to do instead for `try`, `eval`, `this`, a
 * declared-only callee and so on. Keeping the table here keeps the report sites one line each.
 *
 * A specializer returns the report to make (possibly at a more precise node), or undefined to drop it: a node the
 * parser invented for a syntax error, which TypeScript already reports.
 */
import type * as TS from "typescript";
import { Messages, type Message } from "./messages";
import { isGeneralArrayType } from "../lower/context";
import { matrixListType } from "../lower/matrixLists";
import { columnFields } from "../lower/recordColumns";

export interface Report {
  readonly node: TS.Node;
  readonly message: Message;
  readonly args: readonly (string | number)[];
}

export type Specializer = (report: Report) => Report | undefined;

type Rule = (report: Report) => Report | undefined;

/** `isStandardLibrary` tells TypeScript's own lib files ('lib.es5.d.ts') from other declaration files. */
export function createSpecializer(
  ts: typeof TS,
  checker: TS.TypeChecker,
  isStandardLibrary: (file: TS.SourceFile) => boolean,
): Specializer {
  const text = (node: TS.Node) => shorten(node.getText());
  const at = (node: TS.Node, message: Message, args: readonly (string | number)[] = []): Report => ({
    node,
    message,
    args,
  });

  /** The symbol a node names, with import aliases followed. */
  const symbolOf = (node: TS.Node): TS.Symbol | undefined => {
    let symbol = checker.getSymbolAtLocation(node);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    return symbol;
  };

  /**
   * The first node under `node` (itself included) that satisfies `test`, outside nested functions and classes:
   * their `this` and `arguments` are not the reported function's (an arrow's are, so arrows are searched).
   */
  const find = (node: TS.Node, test: (n: TS.Node) => boolean): TS.Node | undefined =>
    test(node)
      ? node
      : ts.forEachChild(node, (child) =>
          (ts.isFunctionLike(child) && !ts.isArrowFunction(child)) || ts.isClassLike(child)
            ? undefined
            : find(child, test),
        );

  const isGlobal = (node: TS.Node, name: string): boolean =>
    ts.isIdentifier(node) &&
    node.text === name &&
    !(symbolOf(node)?.declarations ?? []).some((d) => !d.getSourceFile().isDeclarationFile);

  const isEvalCall = (node: TS.Node): node is TS.CallExpression =>
    ts.isCallExpression(node) && isGlobal(node.expression, "eval");

  // Statements: 'try', 'for ... in', 'with', local function and class declarations.
  const statement: Rule = ({ node }) => {
    if (ts.isTryStatement(node)) return at(node, Messages.TryStatement);
    if (ts.isForInStatement(node)) return at(node, Messages.ForInStatement);
    if (ts.isWithStatement(node)) return at(node, Messages.WithStatement);
    if (ts.isFunctionDeclaration(node))
      return at(node, Messages.NestedDeclaration, ["function", node.name?.text ?? ""]);
    if (ts.isClassDeclaration(node)) return at(node, Messages.NestedDeclaration, ["class", node.name?.text ?? ""]);
    if (ts.isEnumDeclaration(node)) return at(node, Messages.NestedDeclaration, ["enum", node.name.text]);
    return undefined;
  };

  // Expressions with no place in a derivative: 'eval(…)', 'new Function(…)', 'arguments', 'delete', 'this',
  // getters, and writes to fields of objects the function does not own.
  const expression: Rule = ({ node, message }) => {
    const evalCall = isEvalCall(node)
      ? node
      : ts.isCallExpression(node.parent) && isEvalCall(node.parent) && node.parent;
    if (evalCall) return at(evalCall, Messages.EvalCall);
    if (ts.isNewExpression(node) && isGlobal(node.expression, "Function")) return at(node, Messages.NewFunction);
    const args = find(node, (n) => isGlobal(n, "arguments"));
    if (args) return at(args, Messages.ArgumentsObject);
    if (ts.isDeleteExpression(node)) return at(node, Messages.DeleteExpression);
    // An object put in a field ('p.pos = new V(…)', also 'this.pos = …' in a method): not about 'this' or aliases.
    const isWrite = message === Messages.UnsupportedExpression && isAssignmentTarget(ts, node);
    if (isWrite && ts.isPropertyAccessExpression(node) && holdsObject(checker.getTypeAtLocation(node))) {
      return at(node, Messages.ObjectFieldReplaced, [text(node)]);
    }
    const self = find(node, (n) => n.kind === ts.SyntaxKind.ThisKeyword);
    if (self) return at(self, Messages.ThisState);
    // 's.pos = next' on an object in a variable: the advice names the variable.
    if (isWrite && ts.isPropertyAccessExpression(node) && holdsArray(checker.getTypeAtLocation(node))) {
      return at(node, Messages.ArrayFieldReplaced, [text(node), text(node.expression), node.name.text]);
    }
    if (ts.isPropertyAccessExpression(node) && isAccessor(symbolOf(node))) {
      return at(node, Messages.AccessorProperty, [text(node)]);
    }
    // (An array element write keeps its array message: 'm[i][j] = …' is a matrix, not an alias.)
    // 'y.length = 0' resizes an array: an array operation, not a field of an object.
    if (isWrite && ts.isPropertyAccessExpression(node) && node.name.text === "length") {
      return at(node, Messages.UnsupportedArrayOperation, [text(node.parent)]);
    }
    if (isWrite && (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node))) {
      return at(node, Messages.PropertyWriteThroughAlias, [text(node)]);
    }
    return undefined;
  };

  // Callees without a body to differentiate, by where they come from.
  const callee: Rule = ({ node }) => {
    // The registry reports a called function that is not at the top level at the function itself.
    if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
      return at(node, Messages.NestedDeclaration, ["function", text(node)]);
    }
    const call = node.parent;
    if (isEvalCall(call)) return at(call, Messages.EvalCall);
    if (ts.isElementAccessExpression(node)) return at(node, Messages.DynamicCall, [text(node)]);
    const symbol = symbolOf(node);
    const decls = symbol?.declarations ?? [];
    // The standard library's functions ('Number', 'x.toFixed') are covered by the generic message: no rule.
    if (decls.some((d) => isStandardLibrary(d.getSourceFile()))) return undefined;
    if (isAccessor(symbol)) return at(node, Messages.AccessorProperty, [text(node)]);
    if (decls.some((d) => ts.isMethodDeclaration(d) && ts.isClassLike(d.parent))) {
      const onElement = ts.isPropertyAccessExpression(node) ? elementMethodCall(node) : undefined;
      return onElement ?? at(node, Messages.MethodCall, [text(node)]);
    }
    if (decls.length > 0 && decls.every((d) => isSignatureOnly(ts, d))) {
      const file = decls[0].getSourceFile();
      if (file.isDeclarationFile) {
        return at(node, Messages.DeclarationFileCallee, [text(node), file.fileName.split("/").pop() ?? ""]);
      }
      return at(node, Messages.DeclaredOnlyCallee, [text(node)]);
    }
    // A function value (a parameter, a variable): report the differentiable value that would lose its derivative.
    if (symbol && symbol.flags & (ts.SymbolFlags.Variable | ts.SymbolFlags.Property) && ts.isCallExpression(call)) {
      const arg = call.arguments.find((a) => isNumeric(checker.getTypeAtLocation(a)));
      if (arg) return at(arg, Messages.ValueToUnknownFunction, [text(arg), text(node)]);
    }
    return undefined;
  };

  // Values whose type is not numeric: local functions, 'any', and strings joined with '+'.
  const type: Rule = (report) => {
    const { node } = report;
    const decl = node.parent;
    if (ts.isVariableDeclaration(decl) && decl.name === node && decl.initializer) {
      let init: TS.Expression = decl.initializer;
      while (ts.isParenthesizedExpression(init)) init = init.expression;
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) {
        return at(node, Messages.NestedDeclaration, ["function", text(node)]);
      }
    }
    const typeName = String(report.args[1] ?? "");
    if (typeName === "any") return at(node, Messages.AnyInArithmetic, [text(ts.isParameter(node) ? node.name : node)]);
    const concat = concatenation(ts, node);
    if (concat && !isNumeric(checker.getTypeAtLocation(concat))) {
      return at(concat, Messages.NonNumericArithmetic, [
        text(concat),
        checker.typeToString(checker.getTypeAtLocation(concat)),
      ]);
    }
    return undefined;
  };

  const functionKind: Rule = ({ node, args }) => {
    if (!ts.isFunctionLike(node)) return undefined;
    if ((node as TS.FunctionLikeDeclaration).asteriskToken) return at(node, Messages.GeneratorFunction, args);
    if (ts.getCombinedModifierFlags(node as TS.Declaration) & ts.ModifierFlags.Async) {
      return at(node, Messages.AsyncFunction, args);
    }
    return undefined;
  };

  const annotation: Rule = ({ node }) => {
    if (ts.isFunctionDeclaration(node) && !node.body && node.name) {
      return at(node, Messages.OverloadAnnotation, [node.name.text]);
    }
    return undefined;
  };

  const argnums: Rule = ({ node, args }) =>
    args[2] === 0 ? at(node, Messages.NoParameters, [String(args[1])]) : undefined;

  // 'new Array(n)' alone: n holes, which read as undefined.
  const holes: Rule = ({ node }) =>
    ts.isNewExpression(node) && isGlobal(node.expression, "Array") && node.arguments?.length === 1
      ? at(node, Messages.ArrayOfHoles, [text(node)])
      : undefined;

  // 'a.map(f)', 'a.slice(1)' of a parameter 'a: number[] | Float64Array': a value of a type of several kinds of arrays
  // made from it ('a' itself and a field 'l.w' name arrays the caller gave).
  const generalValue: Rule = ({ node }) => {
    // A loop is reported at its variable's declaration list; what it walks is the loop's expression.
    const loop = node.parent && ts.isForOfStatement(node.parent) && node.parent.initializer === node;
    const made = find(
      loop ? (node.parent as TS.ForOfStatement).expression : node,
      (n) =>
        ts.isExpression(n) &&
        !ts.isIdentifier(n) &&
        !ts.isPropertyAccessExpression(n) &&
        isGeneralArrayType({ ts, checker }, checker.getTypeAtLocation(n)),
    );
    return (
      made && at(made, Messages.GeneralArrayLocal, [text(made), checker.typeToString(checker.getTypeAtLocation(made))])
    );
  };

  // 'net.layers[l]' for 'layers: Layer[]' in an object: an array of objects where only a parameter may hold one.
  const objectArrayField: Rule = ({ node }) => {
    const field = find(
      node,
      (n) =>
        ts.isPropertyAccessExpression(n) &&
        holdsObjects(checker.getTypeAtLocation(n)) &&
        !isNumeric(checker.getTypeAtLocation(n)),
    );
    return (
      field &&
      at(field, Messages.ObjectArrayField, [text(field), checker.typeToString(checker.getTypeAtLocation(field))])
    );
  };

  // 'net.layers[l].W', 'LAYERS[l].W', 'm.Ws[l]': an array of matrices, or records that hold them, held elsewhere than
  // in a parameter, the only place Cotangent reads them from.
  const matricesElsewhere: Rule = ({ node }) => {
    const source = (n: TS.Node): TS.Expression | undefined => {
      if (!ts.isExpression(n)) return undefined;
      if (holdsMatrices(checker.getTypeAtLocation(n))) return n;
      const array = elementOf(n);
      return array && holdsMatrices(checker.getTypeAtLocation(array)) ? array : undefined;
    };
    const found = find(node, (n) => {
      const held = source(n);
      return held !== undefined && !isParameter(held);
    });
    const held = found && source(found);
    const type = held && checker.typeToString(checker.getTypeAtLocation(held));
    return held && at(held, Messages.MatricesNotParameter, [text(held), type as string]);
  };
  const view = { ts, checker };
  const holdsMatrices = (t: TS.Type): boolean =>
    matrixListType(view, t) !== undefined || columnFields(view, t) !== undefined;
  const isParameter = (e: TS.Expression): boolean => {
    const declaration = ts.isIdentifier(e) ? symbolOf(e)?.valueDeclaration : undefined;
    return declaration !== undefined && ts.isParameter(declaration);
  };

  // 'a.sub(b)' for 'const a = pts[i]': a method called on an element of an array of objects, which is data.
  const elementMethod: Rule = ({ node }) =>
    ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)
      ? elementMethodCall(node.expression)
      : undefined;

  /** TS990098 at 'a.sub' where it calls a class's method on an element of an array of objects; undefined otherwise. */
  const elementMethodCall = (callee: TS.PropertyAccessExpression) => {
    const method = symbolOf(callee)?.declarations?.find((d) => ts.isMethodDeclaration(d));
    const array = method && elementOf(callee.expression);
    if (!array || !method) return undefined;
    const className = ts.isClassLike(method.parent) ? (method.parent.name?.text ?? "C") : "C";
    return at(callee, Messages.ElementMethodCall, [callee.name.text, text(callee.expression), text(array), className]);
  };

  const rules = new Map<Message, Rule[]>([
    [Messages.ArgnumsOutOfRange, [argnums]],
    [Messages.UnsupportedStatement, [statement]],
    [Messages.UnsupportedExpression, [matricesElsewhere, generalValue, objectArrayField, elementMethod, expression]],
    [Messages.UnsupportedArrayOperation, [matricesElsewhere, holes, generalValue, objectArrayField, expression]],
    [Messages.ArrayArgument, [generalValue]],
    [Messages.UnresolvedCallee, [callee]],
    [Messages.UnsupportedType, [generalValue, expression, type]],
    [Messages.UnsupportedFunctionKind, [functionKind]],
    [Messages.MisplacedAnnotation, [annotation]],
  ]);

  const isAccessor = (symbol: TS.Symbol | undefined): boolean =>
    !!symbol && (symbol.flags & ts.SymbolFlags.Accessor) !== 0;

  /** An object that is neither an array nor a typed array: a record or a class instance. */
  const holdsObject = (t: TS.Type): boolean =>
    (t.flags & ts.TypeFlags.Object) !== 0 && !checker.isArrayType(t) && !checker.isTupleType(t) && !isNumeric(t);

  /**
   * The array of objects whose element `e` is: 'pts[i]', 'a' for 'const a = pts[i]', 'p' for 'for (const p of pts)'.
   */
  const elementOf = (e: TS.Expression): TS.Expression | undefined => {
    if (ts.isElementAccessExpression(e)) {
      return holdsObjects(checker.getTypeAtLocation(e.expression)) ? e.expression : undefined;
    }
    const declaration = ts.isIdentifier(e) ? symbolOf(e)?.valueDeclaration : undefined;
    if (!declaration || !ts.isVariableDeclaration(declaration)) return undefined;
    if (declaration.initializer) return elementOf(declaration.initializer);
    const loop = declaration.parent.parent;
    return ts.isForOfStatement(loop) && holdsObjects(checker.getTypeAtLocation(loop.expression))
      ? loop.expression
      : undefined;
  };

  /** An array whose elements are objects ('Layer[]'). */
  const holdsObjects = (t: TS.Type): boolean => {
    if (!checker.isArrayType(t)) return false;
    const [element] = checker.getTypeArguments(t as TS.TypeReference);
    return !!element && holdsObject(element);
  };

  /** A number array or typed array. */
  const holdsArray = (t: TS.Type): boolean => isNumeric(t) && !(t.flags & ts.TypeFlags.NumberLike);

  const isNumeric = (t: TS.Type): boolean => {
    if (t.flags & ts.TypeFlags.NumberLike) return true;
    const name = t.getSymbol()?.getName();
    if (name === "Float64Array" || name === "Float32Array") return true;
    if (!checker.isArrayType(t)) return false;
    const [element] = checker.getTypeArguments(t as TS.TypeReference);
    return !!element && isNumeric(element);
  };

  // Variables refused for their type where they are declared: each later use of one would only say so again.
  const refusedVariables = new Set<TS.Symbol>();
  const REFUSED_TYPES: ReadonlySet<Message> = new Set([
    Messages.UnsupportedType,
    Messages.GeneralArrayLocal,
    Messages.EvolvingArray,
  ]);
  // The variable a use starts from: 'a' of 'a[i]', 'a.length', 'a.push(v)'.
  const rootSymbol = (node: TS.Node): TS.Symbol | undefined => {
    while (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isCallExpression(node)) {
      node = node.expression;
    }
    return ts.isIdentifier(node) ? symbolOf(node) : undefined;
  };
  const followsRefusal = ({ node, message }: Report): boolean => {
    const isDeclaration = (n: TS.Node | undefined): n is TS.ParameterDeclaration | TS.VariableDeclaration =>
      n !== undefined && (ts.isParameter(n) || ts.isVariableDeclaration(n));
    const declaration = isDeclaration(node) ? node : isDeclaration(node.parent) ? node.parent : undefined;
    if (declaration && REFUSED_TYPES.has(message) && (declaration === node || declaration.name === node)) {
      const symbol = ts.isIdentifier(declaration.name) ? symbolOf(declaration.name) : undefined;
      if (symbol) refusedVariables.add(symbol);
      return false;
    }
    // A loop over one ('for (const v of a)') is reported at its variable's declaration list.
    const parent = node.parent;
    const loop = ts.isForOfStatement(node)
      ? node
      : parent && ts.isForOfStatement(parent) && parent.initializer === node
        ? parent
        : undefined;
    const root = rootSymbol(loop ? loop.expression : node);
    return root !== undefined && refusedVariables.has(root);
  };

  const specific = (report: Report): Report => {
    for (const rule of rules.get(report.message) ?? []) {
      const made = rule(report);
      if (made) return made;
    }
    return report;
  };

  return (report) => {
    // A node the parser invented to recover from a syntax error: TypeScript reports the error itself.
    if (report.node.getStart() === report.node.getEnd() && report.node.kind !== ts.SyntaxKind.SourceFile) {
      return undefined;
    }
    const made = specific(report);
    return followsRefusal(made) ? undefined : made;
  };
}

/** A declaration that has no body: `declare function`, an overload or method signature, a function-typed field. */
function isSignatureOnly(ts: typeof TS, decl: TS.Declaration): boolean {
  if (ts.isFunctionDeclaration(decl) || ts.isMethodDeclaration(decl)) return !decl.body;
  return ts.isMethodSignature(decl) || ts.isPropertySignature(decl) || ts.isCallSignatureDeclaration(decl);
}

function isAssignmentTarget(ts: typeof TS, node: TS.Node): boolean {
  const parent = node.parent;
  return (
    ts.isBinaryExpression(parent) &&
    parent.left === node &&
    parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
    parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment
  );
}

/**
 * The `+` expression a string comes from: the node itself, the `+` it is an operand of, or the initializer of the
 * variable it names ('const label = "x = " + x' is reported at the '+').
 */
function concatenation(ts: typeof TS, node: TS.Node): TS.BinaryExpression | undefined {
  const isPlus = (n: TS.Node | undefined): n is TS.BinaryExpression =>
    !!n && ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken;
  if (isPlus(node)) return node;
  if (isPlus(node.parent)) return node.parent;
  const decl = node.parent;
  if (ts.isVariableDeclaration(decl) && decl.name === node && decl.initializer) {
    let init: TS.Expression = decl.initializer;
    while (ts.isParenthesizedExpression(init)) init = init.expression;
    if (isPlus(init)) return init;
  }
  return undefined;
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, " ");
  return oneLine.length > 50 ? `${oneLine.slice(0, 47)}...` : oneLine;
}
