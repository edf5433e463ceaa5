/**
 * Maps TypeScript operator tokens to IR operators; shared by lowering and rule templates.
 */
import type * as TS from "typescript";
import type { ArithmeticOp, BinaryOp, BitwiseOp } from "../ir/expr";

export function binaryOperatorOf(ts: typeof TS, kind: TS.SyntaxKind): BinaryOp | undefined {
  const k = ts.SyntaxKind;
  switch (kind) {
    case k.PlusToken:
      return "+";
    case k.MinusToken:
      return "-";
    case k.AsteriskToken:
      return "*";
    case k.SlashToken:
      return "/";
    case k.PercentToken:
      return "%";
    case k.AsteriskAsteriskToken:
      return "**";
    case k.LessThanToken:
      return "<";
    case k.LessThanEqualsToken:
      return "<=";
    case k.GreaterThanToken:
      return ">";
    case k.GreaterThanEqualsToken:
      return ">=";
    case k.EqualsEqualsEqualsToken:
      return "===";
    case k.ExclamationEqualsEqualsToken:
      return "!==";
    case k.EqualsEqualsToken:
      return "==";
    case k.ExclamationEqualsToken:
      return "!=";
    case k.AmpersandAmpersandToken:
      return "&&";
    case k.BarBarToken:
      return "||";
    default:
      return bitwiseOperatorOf(ts, kind);
  }
}

function bitwiseOperatorOf(ts: typeof TS, kind: TS.SyntaxKind): BitwiseOp | undefined {
  const k = ts.SyntaxKind;
  switch (kind) {
    case k.AmpersandToken:
    case k.AmpersandEqualsToken:
      return "&";
    case k.BarToken:
    case k.BarEqualsToken:
      return "|";
    case k.CaretToken:
    case k.CaretEqualsToken:
      return "^";
    case k.LessThanLessThanToken:
    case k.LessThanLessThanEqualsToken:
      return "<<";
    case k.GreaterThanGreaterThanToken:
    case k.GreaterThanGreaterThanEqualsToken:
      return ">>";
    case k.GreaterThanGreaterThanGreaterThanToken:
    case k.GreaterThanGreaterThanGreaterThanEqualsToken:
      return ">>>";
    default:
      return undefined;
  }
}

/** `+=` → `+`, `&=` → `&`, and so on; undefined for `=` and for operators we do not support. */
export function compoundOperatorOf(ts: typeof TS, kind: TS.SyntaxKind): ArithmeticOp | BitwiseOp | undefined {
  const k = ts.SyntaxKind;
  switch (kind) {
    case k.PlusEqualsToken:
      return "+";
    case k.MinusEqualsToken:
      return "-";
    case k.AsteriskEqualsToken:
      return "*";
    case k.SlashEqualsToken:
      return "/";
    case k.PercentEqualsToken:
      return "%";
    case k.AsteriskAsteriskEqualsToken:
      return "**";
    case k.AmpersandEqualsToken:
    case k.BarEqualsToken:
    case k.CaretEqualsToken:
    case k.LessThanLessThanEqualsToken:
    case k.GreaterThanGreaterThanEqualsToken:
    case k.GreaterThanGreaterThanGreaterThanEqualsToken:
      return bitwiseOperatorOf(ts, kind);
    default:
      return undefined;
  }
}
