// The figures of a solve, redrawn in place: headline cards, products, the stream table and the
// charts (cash flow; what a slider does to NPV; the Monte Carlo histogram).
import { el, svg, fmt, musd, pct } from './format.js';

const num = (v) => (typeof v === 'number' && isFinite(v) ? v : NaN);

// The product whose grade is the headline: the first of report.products that is a concentrate
// by name, else the first product.
export function headlineProduct(result) {
  const names = Object.keys((result.summary && result.summary.products) || {});
  return names.find((n) => /conc/.test(n)) || names[0] || null;
}

function card(id, value, label, delta) {
  return el('div', { class: 'card', id },
    el('b', { 'data-value': '' }, value), el('span', {}, label),
    delta ? el('small', { class: delta.cls }, delta.text) : null);
}

function deltaOf(now, base, scale, unit, sig = 3) {
  // differences below the solver's tolerance (a design spec met to 1e-9) are not shown
  if (!isFinite(now) || !isFinite(base) || Math.abs(now - base) < 1e-6 * Math.max(1, Math.abs(base))) return null;
  const d = (now - base) * scale;
  return { text: `${d > 0 ? '+' : '−'}${fmt(Math.abs(d), sig)} ${unit} vs file`, cls: d > 0 ? 'up' : 'down' };
}

export function renderCards(box, r, base) {
  const e = r.economics || {};
  const b = (base && base.economics) || {};
  const key = (r.system && r.system.assays || [])[0];
  const prod = headlineProduct(r);
  const cards = [
    card('kpi-status', r.converged ? (r.specs_met === false ? 'specs not met' : 'converged') : 'not converged',
      `solver (${r.iterations ?? '–'} iterations)`),
  ];
  cards[0].querySelector('b').className = r.converged && r.specs_met !== false ? 'ok' : 'bad';
  if (prod && key) {
    const s = r.streams[prod] || {};
    const bs = base && base.streams[prod];
    cards.push(card('kpi-grade', `${fmt(num(s.assay && s.assay[key]), 4)} %`, `${key} in ${prod}`,
      bs && deltaOf(num(s.assay && s.assay[key]), num(bs.assay && bs.assay[key]), 1, 'pt')));
    const sp = r.summary.products[prod] || {};
    const bp = base && base.summary.products[prod];
    cards.push(card('kpi-recovery', `${fmt(num(sp.recovery_pct), 4)} %`,
      `${r.summary.valuable_element || 'valuable'} recovery to ${prod}`,
      bp && deltaOf(num(sp.recovery_pct), num(bp.recovery_pct), 1, 'pt')));
  }
  if (r.economics) {
    cards.push(card('kpi-npv', musd(num(e.npv_usd)), `NPV at ${fmt(num(e.discount_rate) * 100, 3)} %`,
      deltaOf(num(e.npv_usd), num(b.npv_usd), 1e-6, 'M USD', 4)));
    cards.push(card('kpi-irr', pct(num(e.irr)), 'IRR', deltaOf(num(e.irr), num(b.irr), 100, 'pt')));
    cards.push(card('kpi-capex', musd(num(e.capex_usd)), 'CAPEX'));
    cards.push(card('kpi-payback', `${fmt(num(e.payback_years), 3)} yr`, 'payback'));
  }
  box.replaceChildren(...cards);
}

function table(head, rows) {
  return el('table', {},
    el('thead', {}, el('tr', {}, head.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows));
}

export function renderProducts(box, r) {
  const assays = (r.system && r.system.assays) || [];
  const prods = (r.summary && r.summary.products) || {};
  const rows = Object.entries(prods).map(([name, p]) => {
    const s = r.streams[name] || {};
    return el('tr', { 'data-name': name },
      el('th', { scope: 'row' }, name),
      el('td', {}, fmt(p.solids_tph)), el('td', {}, fmt(p.mass_pull_pct)),
      assays.map((a) => el('td', { 'data-key': a }, fmt(num(s.assay && s.assay[a])))),
      el('td', { 'data-key': 'recovery' }, fmt(p.recovery_pct)));
  });
  box.replaceChildren(table(['Product', 'Solids t/h', 'Mass pull %', ...assays.map((a) => `${a} %`),
    `${(r.summary && r.summary.valuable_element) || ''} recovery %`], rows));
}

export function renderStreams(box, r, onPick) {
  const assays = (r.system && r.system.assays) || [];
  const rows = Object.entries(r.streams || {}).map(([name, s]) => el('tr', {
    'data-name': name, class: !s.from || (r.units[s.from] && r.units[s.from].type === 'feed') ? 'feed' : (!s.to ? 'product' : null),
  },
  el('th', { scope: 'row' }, el('button', { type: 'button', class: 'linkish', onclick: () => onPick('stream', name) }, name)),
  el('td', { class: 'l' }, s.from || '–'), el('td', { class: 'l' }, s.to || '–'),
  el('td', {}, fmt(s.solids_tph)), el('td', {}, fmt(s.water_tph)), el('td', {}, fmt(s.pct_solids)),
  el('td', {}, fmt(s.p80_um)),
  assays.map((a) => el('td', {}, fmt(num(s.assay && s.assay[a]))))));
  box.replaceChildren(table(['Stream', 'From', 'To', 'Solids t/h', 'Water t/h', '% solids', 'P80 µm',
    ...assays.map((a) => `${a} %`)], rows));
}

// ---- charts (plain SVG, as the report's) ----------------------------------------------------

function frame(w, h, pad) {
  return { w, h, x0: pad.l, x1: w - pad.r, y0: h - pad.b, y1: pad.t };
}

function axes(g, f, xlo, xhi, ylo, yhi, xlabel, ylabel, yfmt = (v) => fmt(v, 3), xticks = true) {
  const sx = (x) => f.x0 + ((x - xlo) / (xhi - xlo || 1)) * (f.x1 - f.x0);
  const sy = (y) => f.y0 - ((y - ylo) / (yhi - ylo || 1)) * (f.y0 - f.y1);
  for (let i = 0; i <= 4; i++) {
    const y = ylo + ((yhi - ylo) * i) / 4;
    g.append(svg('line', { class: 'gmaj', x1: f.x0, x2: f.x1, y1: sy(y), y2: sy(y) }),
      svg('text', { class: 'alabel', x: f.x0 - 4, y: sy(y) + 4, 'text-anchor': 'end' }, yfmt(y)));
  }
  if (xticks) {
    for (let i = 0; i <= 4; i++) {
      const x = xlo + ((xhi - xlo) * i) / 4;
      g.append(svg('text', { class: 'alabel', x: sx(x), y: f.y0 + 14, 'text-anchor': 'middle' }, fmt(x, 3)));
    }
  }
  g.append(svg('rect', { class: 'frame', x: f.x0, y: f.y1, width: f.x1 - f.x0, height: f.y0 - f.y1 }),
    svg('text', { class: 'alabel', x: (f.x0 + f.x1) / 2, y: f.h - 4, 'text-anchor': 'middle' }, xlabel),
    svg('text', { class: 'alabel', x: 12, y: (f.y0 + f.y1) / 2, transform: `rotate(-90 12 ${(f.y0 + f.y1) / 2})`, 'text-anchor': 'middle' }, ylabel));
  return { sx, sy };
}

export function renderCashflow(box, r) {
  const cf = (r.economics && r.economics.cashflow) || [];
  if (!cf.length) { box.replaceChildren(el('p', { class: 'note' }, 'No economics in this flowsheet.')); return; }
  const f = frame(560, 240, { l: 58, r: 10, t: 10, b: 34 });
  const vals = cf.flatMap((c) => [c.net / 1e6, c.cumulative / 1e6]);
  const lo = Math.min(0, ...vals), hi = Math.max(0, ...vals);
  const g = svg('svg', { viewBox: `0 0 ${f.w} ${f.h}`, role: 'img', 'aria-label': 'Cash flow by year, M USD' });
  const { sx, sy } = axes(g, f, 0, cf.length, lo, hi, 'year', 'M USD (real)', undefined, false);
  const bw = (f.x1 - f.x0) / cf.length;
  cf.forEach((c, i) => {
    const v = c.net / 1e6;
    g.append(svg('rect', { x: sx(i) + bw * 0.15, width: bw * 0.7, y: sy(Math.max(0, v)), height: Math.abs(sy(v) - sy(0)),
      fill: v >= 0 ? '#009E73' : '#D55E00' }, svg('title', {}, `${c.year}: net ${fmt(v, 4)} M USD`)));
    if (i % Math.ceil(cf.length / 10) === 0) g.append(svg('text', { class: 'alabel', x: sx(i + 0.5), y: f.y0 + 14, 'text-anchor': 'middle' }, c.year));
  });
  g.append(svg('polyline', { fill: 'none', stroke: '#0072B2', 'stroke-width': 2,
    points: cf.map((c, i) => `${sx(i + 0.5)},${sy(c.cumulative / 1e6)}`).join(' ') }));
  box.replaceChildren(el('figure', { class: 'chart' }, g,
    el('figcaption', {}, 'Net cash flow by year (bars) and cumulative (line), M USD real.')));
}

// points: [{x, y}] NPV (M USD) against one slider's value
export function renderTrace(box, points, label) {
  if (points.length < 2) { box.replaceChildren(el('p', { class: 'note' }, 'Move a slider: each solve adds a point of NPV against its value.')); return; }
  const f = frame(560, 220, { l: 58, r: 10, t: 10, b: 34 });
  const xs = points.map((p) => p.x), ys = points.map((p) => p.y);
  let ylo = Math.min(...ys), yhi = Math.max(...ys);
  if (yhi - ylo < 1e-9) { ylo -= 1; yhi += 1; }
  const g = svg('svg', { viewBox: `0 0 ${f.w} ${f.h}`, role: 'img', 'aria-label': `NPV against ${label}` });
  const { sx, sy } = axes(g, f, Math.min(...xs), Math.max(...xs), ylo, yhi, label, 'NPV, M USD');
  const pts = [...points].sort((a, b) => a.x - b.x);
  g.append(svg('polyline', { fill: 'none', stroke: '#0072B2', 'stroke-width': 1.5, points: pts.map((p) => `${sx(p.x)},${sy(p.y)}`).join(' ') }));
  for (const p of pts) g.append(svg('circle', { cx: sx(p.x), cy: sy(p.y), r: 2.5, fill: '#0072B2' }));
  box.replaceChildren(el('figure', { class: 'chart' }, g, el('figcaption', {}, `NPV against ${label} (the solves of this session).`)));
}

export function renderHistogram(box, mc) {
  const h = mc && mc.npv_usd && mc.npv_usd.histogram;
  if (!h) { box.replaceChildren(); return; }
  const f = frame(560, 220, { l: 46, r: 26, t: 10, b: 34 });
  const n = h.counts.length, top = Math.max(1, ...h.counts);
  const g = svg('svg', { viewBox: `0 0 ${f.w} ${f.h}`, role: 'img', 'aria-label': 'Histogram of NPV, Monte Carlo' });
  const { sx, sy } = axes(g, f, h.lo / 1e6, h.hi / 1e6, 0, top, 'NPV, M USD', 'samples', (v) => (Number.isInteger(v) ? String(v) : ''));
  const bw = (h.hi - h.lo) / 1e6 / n;
  h.counts.forEach((c, i) => {
    const x = h.lo / 1e6 + i * bw;
    g.append(svg('rect', { x: sx(x) + 1, width: Math.max(1, sx(x + bw) - sx(x) - 2), y: sy(c), height: sy(0) - sy(c),
      fill: x + bw / 2 < 0 ? '#D55E00' : '#56B4E9' }, svg('title', {}, `${fmt(x, 3)} to ${fmt(x + bw, 3)} M USD: ${c}`)));
  });
  for (const [k, lab] of [['p10', 'P10'], ['p50', 'P50'], ['p90', 'P90']]) {
    const x = sx(mc.npv_usd[k] / 1e6);
    g.append(svg('line', { x1: x, x2: x, y1: f.y1, y2: f.y0, stroke: '#333', 'stroke-dasharray': '4 3' }),
      svg('text', { class: 'plabel', x: x + 3, y: f.y1 + 12 }, lab));
  }
  box.replaceChildren(el('figure', { class: 'chart' }, g,
    el('figcaption', {}, `NPV of ${mc.samples} samples: P10 ${musd(mc.npv_usd.p10)}, P50 ${musd(mc.npv_usd.p50)}, P90 ${musd(mc.npv_usd.p90)}; probability of a loss ${pct(mc.prob_loss)}.`)));
}

// The figures two scenarios are compared on: [label, value(r), unit scale, decimals]
export function compareRows(r) {
  const e = r.economics || {};
  const key = (r.system && r.system.assays || [])[0];
  const rows = [
    ['NPV, M USD', num(e.npv_usd) / 1e6], ['IRR, %', num(e.irr) * 100], ['Payback, years', num(e.payback_years)],
    ['CAPEX, M USD', num(e.capex_usd) / 1e6], ['Revenue, M USD/yr', num(e.revenue_usd_per_year) / 1e6],
    ['OPEX, M USD/yr', num(e.opex_usd_per_year) / 1e6],
  ];
  for (const [name, p] of Object.entries((r.summary && r.summary.products) || {})) {
    const s = r.streams[name] || {};
    rows.push([`${name}: solids t/h`, num(p.solids_tph)]);
    if (key) rows.push([`${name}: ${key} %`, num(s.assay && s.assay[key])]);
    rows.push([`${name}: recovery %`, num(p.recovery_pct)]);
  }
  return rows;
}
