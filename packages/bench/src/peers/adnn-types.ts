/**
 * The part of adnn's scalar API (`require("adnn/ad")`) the benchmark uses; adnn ships no type declarations.
 * A value is either a plain number (a constant) or a lifted node on adnn's tape.
 */
export interface AdNode {
  /** Runs the reverse sweep from this node, seeding it with 1. */
  backprop(): void;
}
export type AdValue = number | AdNode;
type Unary = (x: AdValue) => AdNode;
type Binary = (x: AdValue, y: AdValue) => AdNode;

export interface Adnn {
  lift(x: number): AdNode;
  value(x: AdValue): number;
  derivative(x: AdNode): number;
  scalar: {
    add: Binary;
    sub: Binary;
    mul: Binary;
    div: Binary;
    max: Binary;
    neg: Unary;
    exp: Unary;
    log: Unary;
    tanh: Unary;
    sigmoid: Unary;
    sin: Unary;
    cos: Unary;
    sqrt: Unary;
  };
}
