/**
 * The diagnostic catalog: every message Cotangent reports, with a stable code in our own range (990xxx; tsc prints
 * `TS990003`). Codes never change once released; add new entries at the end.
 * Wording follows TypeScript's diagnosticMessages.json: say what is wrong, then what to do; code in single quotes.
 */
export interface Message {
  readonly code: number;
  readonly category: "error" | "warning";
  readonly text: string;
}

export const Messages = {
  UnsupportedStatement: {
    code: 990001,
    category: "error",
    text: "Cannot differentiate a '{0}' statement. Move it out of the differentiated function, or rewrite it with declarations, assignments, 'if'/'else', 'for', 'while' or 'do ... while'.",
  },
  UnsupportedExpression: {
    code: 990002,
    category: "error",
    text: "Cannot differentiate the expression '{0}'. Rewrite it with arithmetic, 'Math' functions and calls to functions whose source is in the program.",
  },
  UnresolvedCallee: {
    code: 990003,
    category: "error",
    text: "Cannot differentiate through '{0}': it has no derivative rule and its source is not available. Call a function declared in this program, or move the call out of the differentiated function.",
  },
  UnsupportedType: {
    code: 990004,
    category: "error",
    text: "'{0}' has type '{1}', which Cotangent cannot differentiate yet. Use numbers, 'number[]', 'number[][]', 'Float64Array', 'Float32Array', tuples or objects of these (and 'boolean' for flags); write 'new Array<number>(n).fill(0)' for a number[].",
  },
  MarkerFunctionNotResolvable: {
    code: 990005,
    category: "error",
    text: "The function passed to '{0}' cannot be resolved at compile time. Pass a function declaration, a 'const' initialized with an arrow or function expression, or an inline arrow.",
  },
  ArgnumsNotLiteral: {
    code: 990006,
    category: "error",
    text: "'argnums' of '{0}' must be a number literal or an array literal of number literals, known at compile time.",
  },
  ArgnumsOutOfRange: {
    code: 990007,
    category: "error",
    text: "'argnums' index {0} is out of range: '{1}' has {2} parameter(s). Use an index from 0 to {3}.",
  },
  ArgnumsNotDifferentiable: {
    code: 990008,
    category: "error",
    text: "Parameter {0} ('{1}') of '{2}' has type '{3}', which this marker cannot differentiate with respect to. Choose in 'argnums' a number, array or object parameter ('jacfwd' and 'jacrev': a number or a one-dimensional array).",
  },
  NonNumericResult: {
    code: 990009,
    category: "error",
    text: "'{0}' returns '{1}', but '{2}' needs a function that returns a 'number'.",
  },
  InternalError: {
    code: 990010,
    category: "error",
    text: "Internal error in Cotangent while differentiating '{0}': {1}. This is a bug in Cotangent; please report it with this function.",
  },
  UnsupportedSwitch: {
    code: 990011,
    category: "error",
    text: "Cannot differentiate a 'switch' statement yet. Rewrite it as an 'if'/'else if' chain.",
  },
  UnsupportedLabel: {
    code: 990012,
    category: "error",
    text: "A label is supported only on a loop. Move the label '{0}' to a 'for', 'while' or 'do' loop.",
  },
  NoRuleForMathFunction: {
    code: 990013,
    category: "error",
    text: "'Math.{0}' has no derivative rule. Use a differentiable 'Math' function instead.",
  },
  MisplacedAnnotation: {
    code: 990014,
    category: "error",
    text: "'@differentiate' must be directly above a function declaration or a 'const' initialized with an arrow or function expression.",
  },
  UnsupportedOperator: {
    code: 990015,
    category: "error",
    text: "The operator '{0}' is not supported in a differentiated function. Use arithmetic operators, comparisons and '&&', '||', '!'.",
  },
  AssignmentToOuterVariable: {
    code: 990016,
    category: "error",
    text: "'{0}' is declared outside the differentiated function, and assigning to it would hide a side effect from the derivative. Assign only to locals and return the value instead.",
  },
  UnsupportedParameter: {
    code: 990017,
    category: "error",
    text: "Parameter '{0}' uses destructuring, a default value or rest syntax, which Cotangent does not support yet. Declare a plain parameter.",
  },
  MissingReturn: {
    code: 990018,
    category: "error",
    text: "'{0}' can reach its end without returning a number. Return a value on every path.",
  },
  UnsupportedFunctionKind: {
    code: 990019,
    category: "error",
    text: "Cannot differentiate '{0}': generators, 'async' functions, methods and accessors are not supported. Use a plain function.",
  },
  MarkerArity: {
    code: 990020,
    category: "error",
    text: "'{0}' expects {1}. See the 'cotangent' README for its signature.",
  },
  UnsupportedArrayOperation: {
    code: 990021,
    category: "error",
    text: "'{0}' is not supported on arrays yet. Read elements with 'a[i]', write elements of local arrays, and use '.length'.",
  },
  ArrayParameterWrite: {
    code: 990022,
    category: "error",
    text: "Cannot write into the parameter array '{0}': differentiating a function that modifies its arguments is not supported yet. Copy it into a local array first.",
  },
  ArrayCreatedInLoop: {
    code: 990023,
    category: "error",
    text: "'{0}' is created inside a loop with a size that changes between iterations (or by a method that grows it), which is not supported yet. Create it before the loop, or give it a size the loop does not change.",
  },
  ArrayArgument: {
    code: 990024,
    category: "error",
    text: "Passing '{0}' to '{1}' is not supported yet: differentiated callees take numbers and arrays passed by name. Pass a named array or the object's fields.",
  },
  NonVectorResult: {
    code: 990025,
    category: "error",
    text: "'{0}' returns '{1}', but '{2}' needs a function that returns a 'number', a number array or a tuple of numbers.",
  },
  SplitCalleeCreatesArrays: {
    code: 990026,
    category: "error",
    text: "Cannot differentiate through '{0}' in reverse mode yet: it creates arrays, and a differentiated caller cannot reach their adjoints. Create the arrays in the caller and pass them in, or inline '{0}'.",
  },
  // 990101 onwards: standalone derivative modules (`cotangent emit`), numbered apart from the compiler's own codes.
  NothingToDifferentiate: {
    code: 990101,
    category: "error",
    text: "'{0}' has no parameter to differentiate. Give it a 'number', number array or object parameter, or remove '// @differentiate'.",
  },
  NotExportedForDerivatives: {
    code: 990102,
    category: "error",
    text: "'{0}' is not exported, but the derivatives of '{1}' generated into '{2}' use it. Export '{0}' from this file.",
  },
} as const satisfies Record<string, Message>;

/** Fills `{0}`, `{1}`… in a message's text. */
export function formatMessage(message: Message, args: readonly (string | number)[]): string {
  return message.text.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));
}
