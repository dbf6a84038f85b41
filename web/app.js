// oreflow workbench: the page's state and the solve loop. Every edit re-solves the flowsheet on
// the server (POST /api/solve) and redraws the figures in place; see docs/workbench.md.
import { api, ApiError } from './api.js';
import { el, fmt } from './format.js';
import { Diagram } from './diagram.js';
import { Editor, locate } from './editor.js';
import { Inspector } from './inspector.js';
import { WhatIf } from './whatif.js';
import * as R from './results.js';
import { Scenarios, MonteCarlo } from './panels.js';

const $ = (id) => document.getElementById(id);

const state = {
  path: null, etag: null, text: '', savedText: '',
  result: null, baseline: null, registry: new Map(),
  gen: 0, applied: 0, diagramStale: true, history: [],
  trace: [], traceKey: '', specs: new Map(),
  inflight: false, pending: false, moveT0: 0,
};

// The test hooks (tests/cli/browser_workbench.sh): solve counts and the last redraw's timing.
const hooks = { solves: 0, errors: 0, timings: [], last: null, busy: false };
window.orfWorkbench = hooks;

const status = (msg, cls = '') => { const s = $('status'); s.textContent = msg; s.className = cls; };

const diagram = new Diagram($('diagram'), (kind, name) => select(kind, name));
const editor = new Editor($('yaml'), $('gutter'), $('diagnostics'), (text) => applyText(text));
const whatif = new WhatIf($('sliders'), () => moved());
const inspector = new Inspector($('inspector'), {
  set: (unit, param, value) => edit([{ op: 'set', unit, param, value }]),
  specSwitch: (spec, on) => switchSpec(spec, on),
  pin: (unit, p) => {
    const u = state.result.units[unit];
    const spec = (state.result.specs || []).find((s) => s.unit === unit && s.param === p.name && s.status !== 'off');
    whatif.pin(unit, p, u.params[p.name], spec);
  },
  remove: (name) => edit([{ op: 'delete_unit', name }], true),
  connect: (stream, from, to) => edit([{ op: 'connect', stream, from, to }], true),
  select: (kind, name) => select(kind, name),
});
// The `set` of every solve: design specs switched as a what-if, then the sliders.
const overrides = () => [...[...state.specs].map(([name, v]) => ({ unit: 'specs', param: `${name}.enabled`, value: v })),
  ...whatif.set()];
const ctx = () => ({ result: state.result, registry: state.registry, overrides: overrides() });
const scenarios = new Scenarios($('scenarios'), {
  current: () => ({ text: state.text, set: overrides() }),
  file: () => ({ text: state.savedText, set: [] }),
  solve: (sc) => api.solve({ path: state.path, text: sc.text, set: sc.set }),
});
const mc = new MonteCarlo($('mc'), () => ({ path: state.path, text: state.text, set: overrides() }));

function select(kind, name) {
  diagram.mark(kind, name);
  inspector.show(kind, name, ctx());
  if (kind) diagram.focus(kind, name);
}

function dirty() {
  const d = state.text !== state.savedText;
  $('save').disabled = !d;
  $('dirty').textContent = d ? 'unsaved changes' : 'saved';
  $('undo').disabled = !state.history.length;
}

// ---- solving ---------------------------------------------------------------------------------

async function solve({ diagramToo = state.diagramStale, t0 = performance.now() } = {}) {
  const gen = ++state.gen;
  const set = overrides();
  hooks.busy = true;
  document.body.classList.add('solving');
  let res;
  try {
    res = await api.solve({ path: state.path, text: state.text, set: set.length ? set : undefined, diagram: diagramToo });
  } catch (e) {
    if (gen === state.gen) { hooks.busy = false; document.body.classList.remove('solving'); }
    status(`solve failed: ${e.message}`, 'bad');
    hooks.errors++;
    return false;
  }
  if (gen < state.applied) return false; // an older answer arriving after a newer one
  state.applied = gen;
  if (gen === state.gen) { hooks.busy = false; document.body.classList.remove('solving'); }
  hooks.solves++;
  // ok false without a result: the text does not load (located errors); with one: it solved
  // but did not converge or a design spec failed (shown, with the server's diagnostics)
  if (!res.ok && !res.result) { showDiagnostics(res.diagnostics || []); return false; }
  const t1 = performance.now();
  redraw(res, diagramToo);
  if (!res.ok) status(`solved with problems: ${res.status || ((res.diagnostics || [])[0] || {}).message || ''}`, 'bad');
  const warn = (res.diagnostics || []).filter((d) => d.line > 0 || !res.ok);
  if (warn.length) editor.showDiagnostics(warn);
  const t2 = performance.now();
  await new Promise((r) => requestAnimationFrame(() => r()));
  const t3 = performance.now();
  const timing = { request_ms: t1 - t0, redraw_ms: t2 - t1, total_ms: t3 - t0, solve_ms: res.solve_ms };
  hooks.last = timing;
  hooks.timings.push(timing);
  $('solvetime').textContent = `solved in ${fmt(res.solve_ms ?? NaN, 3)} ms, shown ${fmt(timing.total_ms, 3)} ms after the change`;
  return true;
}

function redraw(res, withDiagram) {
  const r = res.result;
  state.result = r;
  if (!state.baseline) state.baseline = r;
  if (withDiagram && res.diagram_svg) { diagram.draw(res.diagram_svg, r); state.diagramStale = false; }
  else diagram.update(r);
  diagram.markErrors([]);
  editor.showDiagnostics([]);
  inspector.fieldErrors = [];
  document.body.classList.remove('stale');
  R.renderCards($('cards'), r, state.baseline);
  R.renderProducts($('products'), r);
  R.renderStreams($('streams'), r, select);
  R.renderCashflow($('cashflow'), r);
  if (state.traceKey && r.economics) {
    const s = whatif.sliders.find((x) => `${x.unit}.${x.param}` === state.traceKey);
    if (s) state.trace.push({ x: s.value, y: r.economics.npv_usd / 1e6 });
  }
  R.renderTrace($('trace'), state.trace, state.traceKey);
  if (inspector.sel) {
    if (inspector.rendered === state.text) inspector.refresh(ctx());
    else { inspector.render(ctx()); inspector.rendered = state.text; }
  }
  const fail = !r.converged || r.specs_met === false;
  status(fail ? 'solved, but see the solver status' : 'solved', fail ? 'bad' : 'ok');
}

function showDiagnostics(diags) {
  $('solvetime').textContent = '';
  editor.showDiagnostics(diags);
  document.body.classList.add('stale');
  const located = diags.map((d) => ({ ...locate(d, state.text), line: d.line, message: d.message }));
  inspector.fieldErrors = located.filter((l) => l.unit);
  diagram.markErrors(located.map((l) => l.unit || l.stream).filter(Boolean));
  const first = diags[0];
  status(first ? `error${first.line ? ` at line ${first.line}` : ''}: ${first.message}` : 'error', 'bad');
  const at = located.find((l) => l.unit && state.result && state.result.units[l.unit]);
  if (at) select('unit', at.unit);
  else inspector.render(ctx());
  inspector.rendered = null;
}

// A slider moved: one request in flight at a time; the latest position wins.
function moved() {
  state.moveT0 = performance.now();
  const last = whatif.sliders.length ? whatif.sliders[whatif.sliders.length - 1] : null;
  const key = document.activeElement && document.activeElement.dataset && document.activeElement.dataset.param
    ? `${document.activeElement.dataset.unit}.${document.activeElement.dataset.param}` : (last ? `${last.unit}.${last.param}` : '');
  if (key !== state.traceKey) { state.traceKey = key; state.trace = []; }
  if (state.inflight) { state.pending = true; return; }
  (async () => {
    state.inflight = true;
    do {
      state.pending = false;
      await solve({ diagramToo: false, t0: state.moveT0 });
    } while (state.pending);
    state.inflight = false;
  })();
}

// ---- editing the text ------------------------------------------------------------------------

// A design spec switched on or off: written into the text (`enabled: false` in its entry) by
// /api/edit; where the server cannot, a what-if of this page (in every solve's `set`, not saved).
async function switchSpec(name, on) {
  try {
    const res = await api.edit(state.text, [{ op: 'set', unit: 'specs', param: `${name}.enabled`, value: on ? 1 : 0 }]);
    state.history.push(state.text);
    state.specs.delete(name);
    setText(res.text, false);
  } catch (e) {
    if (on) state.specs.delete(name); else state.specs.set(name, 0);
  }
  inspector.rendered = null;
  await solve();
  if (state.specs.has(name)) status(`design spec ${name} off in this page only (to keep it off, write enabled: false in its entry)`, 'ok');
}

async function edit(ops, structural = false) {
  status('editing…');
  let res;
  try {
    res = await api.edit(state.text, ops);
  } catch (e) {
    if (e instanceof ApiError && e.body.diagnostics) showDiagnostics(e.body.diagnostics);
    else status(`edit refused: ${e.message}`, 'bad');
    return;
  }
  state.history.push(state.text);
  setText(res.text, structural);
  await solve();
}

function setText(text, structural = true) {
  state.text = text;
  editor.value = text;
  if (structural) state.diagramStale = true;
  dirty();
}

async function applyText(text) {
  if (text === state.text) return;
  state.history.push(state.text);
  setText(text, true);
  await solve();
}

async function undo() {
  if (!state.history.length) return;
  setText(state.history.pop(), true);
  await solve();
}

// ---- files -----------------------------------------------------------------------------------

async function load(path) {
  status(`loading ${path}…`);
  const f = await api.file(path);
  state.path = f.path;
  state.etag = f.etag;
  state.savedText = f.text;
  state.history = [];
  state.specs.clear();
  state.baseline = null;
  state.result = null;
  setText(f.text, true);
  const url = new URL(location.href);
  url.searchParams.set('file', f.path);
  history.replaceState(null, '', url);
  $('file').value = f.path;
  await solve({ diagramToo: true });
  if (state.result) whatif.rebase(state.result);
}

async function save(overwriteEtag) {
  const conflict = $('conflict');
  conflict.hidden = true;
  try {
    const r = await api.save(state.path, state.text, overwriteEtag === undefined ? state.etag : overwriteEtag);
    state.etag = r.etag;
    state.savedText = state.text;
    if (!whatif.set().length) state.baseline = state.result;
    dirty();
    const off = [...state.specs.keys()];
    status(`saved ${state.path}${off.length ? ` (design spec ${off.join(', ')} is off in this page only)` : ''}`, 'ok');
  } catch (e) {
    if (e instanceof ApiError && e.status === 409) {
      conflict.hidden = false;
      conflict.dataset.etag = e.body.etag || '';
      status('not saved: the file changed on disk since it was loaded', 'bad');
    } else status(`not saved: ${e.message}`, 'bad');
  }
}

async function addUnit(ev) {
  ev.preventDefault();
  const type = $('add-type').value, name = $('add-name').value.trim();
  if (!name) { $('add-name').setAttribute('aria-invalid', 'true'); $('add-name').focus(); return; }
  $('add-name').removeAttribute('aria-invalid');
  await edit([{ op: 'add_unit', name, type, params: {} }], true);
  $('add-name').value = '';
}

// The names the connect form offers: streams, and UNIT.PORT of every unit in the text (the
// solved ones and those added since).
function portLists() {
  const units = new Map(Object.entries((state.result && state.result.units) || {}).map(([n, u]) => [n, u.type]));
  for (const m of state.text.matchAll(/^\s*-\s*(?:\{\s*)?name:\s*([A-Za-z_][A-Za-z0-9_]*)[,\s]+(?:type:\s*([A-Za-z_0-9]+))?/gm)) {
    if (!units.has(m[1]) && m[2]) units.set(m[1], m[2]);
  }
  const outs = [], ins = [];
  for (const [name, type] of units) {
    const ports = (state.registry.get(type) || {}).ports || { in: [], out: [] };
    for (const p of ports.out || []) outs.push(`${name}.${p}`);
    for (const p of ports.in || []) ins.push(`${name}.${p}`);
  }
  const fill = (id, list) => $(id).replaceChildren(...list.map((v) => el('option', { value: v })));
  fill('stream-names', Object.keys((state.result && state.result.streams) || {}));
  fill('out-ports', outs);
  fill('in-ports', ins);
}

async function connect(ev) {
  ev.preventDefault();
  const stream = $('conn-stream').value.trim();
  if (!stream) { $('conn-stream').setAttribute('aria-invalid', 'true'); $('conn-stream').focus(); return; }
  $('conn-stream').removeAttribute('aria-invalid');
  const to = $('conn-dst').value.trim() || null;
  await edit([{ op: 'connect', stream, from: $('conn-src').value.trim() || null, to }], true);
  const unit = to && to.split('.')[0];
  if (unit && state.result && state.result.units[unit] && !document.body.classList.contains('stale')) select('unit', unit);
}

async function start() {
  $('connect-form').addEventListener('submit', connect);
  $('conn-stream').addEventListener('focus', portLists);
  $('conn-src').addEventListener('focus', portLists);
  $('conn-dst').addEventListener('focus', portLists);
  $('save').addEventListener('click', () => save());
  $('undo').addEventListener('click', undo);
  $('overwrite').addEventListener('click', () => save($('conflict').dataset.etag || null));
  $('reload').addEventListener('click', () => load(state.path));
  $('file').addEventListener('change', (ev) => load(ev.target.value));
  $('add-form').addEventListener('submit', addUnit);
  $('apply-sliders').addEventListener('click', async () => {
    const set = whatif.set();
    if (!set.length) return;
    await edit(set.map((s) => ({ op: 'set', ...s })));
    whatif.rebase(state.result);
  });
  for (const [id, z] of [['zoom-in', 1.25], ['zoom-out', 0.8]]) $(id).addEventListener('click', () => diagram.setZoom((diagram.zoom || 0.6) * z));
  $('zoom-fit').addEventListener('click', () => diagram.setZoom(0));
  for (const tab of document.querySelectorAll('[role=tab]')) tab.addEventListener('click', () => showTab(tab));
  $('tabs').addEventListener('keydown', (ev) => {
    const tabs = [...document.querySelectorAll('[role=tab]')];
    const i = tabs.indexOf(document.activeElement);
    if (i < 0 || (ev.key !== 'ArrowRight' && ev.key !== 'ArrowLeft')) return;
    const t = tabs[(i + (ev.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
    t.focus();
    showTab(t);
  });
  window.addEventListener('beforeunload', (ev) => { if (state.text !== state.savedText) ev.preventDefault(); });
  diagram.zoom = 0;
  whatif.render();
  inspector.render(ctx());
  try {
    const [info, units] = await Promise.all([api.info(), api.units()]);
    for (const u of units.units) state.registry.set(u.type, u);
    $('version').textContent = `oreflow ${info.version}`;
    $('add-type').replaceChildren(...units.units.filter((u) => !u.feed && u.type !== 'feed')
      .map((u) => el('option', { value: u.type, title: u.doc }, u.type)));
    const want = new URLSearchParams(location.search).get('file') || info.default_file || info.files[0];
    $('file').replaceChildren(...info.files.map((f) => el('option', { value: f }, f)));
    if (!want) { status('no flowsheet (*.yaml) under the served folder', 'bad'); return; }
    await load(want);
  } catch (e) {
    status(`cannot start: ${e.message}`, 'bad');
  }
  hooks.ready = true;
}

function showTab(tab) {
  for (const t of document.querySelectorAll('[role=tab]')) {
    const on = t === tab;
    t.setAttribute('aria-selected', on ? 'true' : 'false');
    t.tabIndex = on ? 0 : -1;
    $(t.getAttribute('aria-controls')).hidden = !on;
  }
}

start();
