// Numbers as the HTML report shows them (src/report: 3-4 significant digits, thousands grouped),
// and small DOM helpers.
export function fmt(v, sig = 4) {
  if (v === null || v === undefined || typeof v !== 'number' || !isFinite(v)) return '–';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 10 ** sig) return Math.round(v).toLocaleString('en-US');
  if (a < 1e-3) return v.toExponential(sig - 1);
  const d = Math.max(0, sig - 1 - Math.floor(Math.log10(a)));
  return v.toFixed(d);
}

// A parameter's value as typed: up to 6 significant digits, no trailing zeros.
export const plain = (v) => (typeof v === 'number' && isFinite(v) ? String(+v.toPrecision(6)) : '–');

export const musd = (v) => (typeof v === 'number' && isFinite(v) ? `${fmt(v / 1e6, 5)} M USD` : '–');
export const pct = (frac) => (typeof frac === 'number' && isFinite(frac) ? `${fmt(frac * 100, 4)} %` : '–');

// el('tr', {class: 'x', onclick: f}, child, 'text', ...)
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

const SVGNS = 'http://www.w3.org/2000/svg';
export function svg(tag, attrs = {}, ...children) {
  const e = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) e.setAttribute(k, v);
  for (const c of children.flat()) if (c) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}
