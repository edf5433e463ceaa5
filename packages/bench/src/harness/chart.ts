/**
 * A small SVG line chart of reverse/primal against problem size (number of differentiated inputs, log scale), one
 * line per problem, with the ≤ 3 target of Rosenbrock drawn as a dashed line.
 */
import { ratio, type Row } from "./targets";

const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];

export function gradientChart(rows: readonly Row[]): string {
  const W = 640;
  const H = 360;
  const left = 56;
  const right = 150;
  const top = 20;
  const bottom = 44;
  const points = rows
    .map((r) => ({ problem: r.problem, x: r.size, y: ratio(r, "reverse", "primal") }))
    .filter((p): p is { problem: string; x: number; y: number } => p.y !== undefined);
  const xs = points.map((p) => Math.log10(p.x));
  const x0 = Math.floor(Math.min(...xs, 1));
  const x1 = Math.ceil(Math.max(...xs, 2));
  const yMax = Math.max(4, Math.ceil(Math.max(...points.map((p) => p.y)) + 0.5));
  const round = (v: number) => Math.round(v * 10) / 10;
  const px = (x: number) => round(left + ((Math.log10(x) - x0) / (x1 - x0)) * (W - left - right));
  const py = (y: number) => round(top + (1 - y / yMax) * (H - top - bottom));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
  ];
  for (let e = x0; e <= x1; e++) {
    const x = px(10 ** e);
    parts.push(`<line x1="${x}" y1="${top}" x2="${x}" y2="${H - bottom}" stroke="#ddd"/>`);
    parts.push(`<text x="${x}" y="${H - bottom + 16}" text-anchor="middle">1e${e}</text>`);
  }
  const yStep = yMax > 20 ? 5 : yMax > 8 ? 2 : 1;
  for (let y = 0; y <= yMax; y += yStep) {
    parts.push(`<line x1="${left}" y1="${py(y)}" x2="${W - right}" y2="${py(y)}" stroke="#eee"/>`);
    parts.push(`<text x="${left - 6}" y="${py(y) + 4}" text-anchor="end">${y}</text>`);
  }
  parts.push(
    `<line x1="${left}" y1="${py(3)}" x2="${W - right}" y2="${py(3)}" stroke="#555" stroke-dasharray="4 3"/>`,
    `<text x="${W - right + 4}" y="${py(3) + 4}" fill="#555">target 3 (Rosenbrock)</text>`,
    `<text x="${(left + W - right) / 2}" y="${H - 8}" text-anchor="middle">differentiated inputs (log scale)</text>`,
    `<text x="14" y="${(top + H - bottom) / 2}" text-anchor="middle" transform="rotate(-90 14 ${(top + H - bottom) / 2})">reverse / primal</text>`,
  );
  const problems = [...new Set(points.map((p) => p.problem))];
  problems.forEach((problem, k) => {
    const color = COLORS[k % COLORS.length];
    const mine = points.filter((p) => p.problem === problem).sort((a, b) => a.x - b.x);
    const path = mine.map((p) => `${px(p.x)},${py(p.y)}`).join(" ");
    parts.push(`<polyline points="${path}" fill="none" stroke="${color}" stroke-width="2"/>`);
    for (const p of mine) parts.push(`<circle cx="${px(p.x)}" cy="${py(p.y)}" r="3" fill="${color}"/>`);
    parts.push(`<text x="${W - right + 4}" y="${top + 20 + 16 * k}" fill="${color}">${problem}</text>`);
  });
  parts.push("</svg>");
  return parts.join("\n") + "\n";
}
