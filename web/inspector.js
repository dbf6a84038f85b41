// The inspector: the selected unit's parameters (value, unit of measure, range, default and doc
// from the unit registry, GET /api/units) as a form, its results, its streams; or the selected
// stream's figures and connections. Edits go to the app through the callbacks.
import { el, fmt, plain } from './format.js';

let seq = 0;

export class Inspector {
  constructor(box, cb) {
    this.box = box;
    this.cb = cb; // {set, specSwitch, pin, remove, connect, select}
    this.sel = null;
    this.fieldErrors = []; // [{unit, param, message, line}]
  }

  show(kind, name, ctx) {
    this.sel = kind ? { kind, name } : null;
    this.render(ctx);
  }

  render(ctx) {
    const { result } = ctx;
    if (!this.sel || !result) {
      this.box.replaceChildren(el('p', { class: 'note' },
        'Click a unit or a stream in the flowsheet (or Tab to it and press Enter) to see and edit it.'));
      return;
    }
    const { kind, name } = this.sel;
    if (kind === 'unit' && result.units[name]) this.renderUnit(name, ctx);
    else if (kind === 'stream' && result.streams[name]) this.renderStream(name, ctx);
    else this.box.replaceChildren(el('p', { class: 'note' }, `${name} is not in the last solved flowsheet.`));
  }

  // Refresh the numbers without rebuilding the form (a field being typed in keeps its text).
  refresh(ctx) {
    if (!this.sel || !ctx.result) return;
    const u = this.sel.kind === 'unit' && ctx.result.units[this.sel.name];
    if (!u) { this.render(ctx); return; }
    for (const input of this.box.querySelectorAll('input[data-param]')) {
      const v = u.params[input.dataset.param];
      if (document.activeElement !== input && typeof v === 'number' && !input.classList.contains('invalid')) input.value = String(+v.toPrecision(8));
    }
    for (const td of this.box.querySelectorAll('td[data-result]')) td.textContent = fmt(u.results[td.dataset.result]);
  }

  renderUnit(name, ctx) {
    const { result, registry, overrides } = ctx;
    const u = result.units[name];
    const def = registry.get(u.type) || { params: [], doc: '', source: '' };
    const specs = (result.specs || []).filter((s) => s.unit === name);
    const errs = this.fieldErrors.filter((e) => e.unit === name);
    const given = new Set(u.params_given || []);
    const rows = [];
    for (const p of def.params) {
      const v = u.params[p.name];
      if (typeof v !== 'number') continue; // tables (mineralogy, psd, bulk): in the YAML view
      const id = `f${++seq}`;
      const spec = specs.find((s) => s.param === p.name);
      const err = errs.find((e) => e.param === p.name);
      const input = el('input', {
        id, type: 'text', inputmode: 'decimal', value: String(+v.toPrecision(8)), 'data-param': p.name,
        'aria-describedby': `${id}-doc${err ? ` ${id}-err` : ''}`, 'aria-invalid': err ? 'true' : null,
        class: err ? 'invalid' : null,
        onchange: (ev) => this.commit(name, p, ev.target),
        onkeydown: (ev) => { if (ev.key === 'Enter') this.commit(name, p, ev.target); },
      });
      const ov = (overrides || []).find((o) => o.unit === name && o.param === p.name);
      rows.push(el('div', { class: `field${given.has(p.name) ? ' given' : ''}`, 'data-param': p.name },
        el('label', { for: id, class: 'pname' }, p.name),
        el('div', { class: 'inrow' }, input, el('span', { class: 'uom' }, p.unit && p.unit !== '-' ? p.unit : ''),
          el('button', { type: 'button', class: 'pin', title: 'What-if slider', 'aria-label': `what-if slider on ${name}.${p.name}`, onclick: () => this.cb.pin(name, p) }, '⇔')),
        el('div', { class: 'doc', id: `${id}-doc` },
          `${p.doc ? `${p.doc.replace(/\.?$/, '.')} ` : ''}Range ${plain(p.min)} to ${plain(p.max)}`, p.required ? '; required.' : `; default ${plain(p.default)}.`,
          given.has(p.name) ? '' : ' (default in use)', ov ? ` What-if: ${plain(ov.value)}.` : ''),
        spec ? el('label', { class: 'spec' },
          el('input', { type: 'checkbox', checked: spec.status !== 'off', 'data-spec': spec.name,
            onchange: (ev) => this.cb.specSwitch(spec.name, ev.target.checked) }),
          ` design spec ${spec.name} sets this value (target ${plain(spec.target)}; ${spec.status}). Untick to hold the value typed`,
          (overrides || []).some((o) => o.unit === 'specs' && o.param === `${spec.name}.enabled`)
            ? ' (switched off in this page, not in the file).' : '.') : null,
        err ? el('div', { class: 'err', id: `${id}-err`, role: 'alert' }, `line ${err.line}: ${err.message}`) : null));
    }
    const other = errs.filter((e) => !def.params.some((p) => p.name === e.param && typeof u.params[p.name] === 'number'));
    const ports = (dir) => (dir === 'in' ? u.in : Object.values(u.out || {})).flatMap((s, i) =>
      [i ? ', ' : '', el('button', { type: 'button', class: 'linkish', onclick: () => this.cb.select('stream', s) }, s)]);
    const results = Object.entries(u.results || {}).filter(([, v]) => typeof v === 'number');
    const rdef = new Map((def.results || []).map((r) => [r.name, r]));
    this.box.replaceChildren(
      el('h2', {}, name, el('small', {}, ` ${u.type} · ${u.family}`)),
      el('p', { class: 'doc' }, def.doc || ''),
      def.source && def.source !== '-' ? el('p', { class: 'source' }, `Source: ${def.source}`) : null,
      el('p', { class: 'ports' }, 'in: ', ports('in'), ' · out: ', ports('out')),
      other.map((e) => el('div', { class: 'err', role: 'alert' }, `line ${e.line}: ${e.message}`)),
      el('form', { class: 'params', onsubmit: (ev) => ev.preventDefault(), 'aria-label': `parameters of ${name}` }, rows),
      results.length ? el('details', { open: true }, el('summary', {}, 'Results'),
        el('table', {}, el('tbody', {}, results.map(([k, v]) => el('tr', { title: (rdef.get(k) || {}).doc || '' },
          el('th', { scope: 'row' }, k), el('td', { 'data-result': k }, fmt(v)), el('td', { class: 'l' }, (rdef.get(k) || {}).unit || '')))))) : null,
      el('p', {}, el('button', { type: 'button', class: 'danger', onclick: () => this.cb.remove(name) }, `Delete unit ${name}`)));
  }

  commit(unit, p, input) {
    const v = Number(input.value.trim());
    if (input.value.trim() === '' || !isFinite(v)) {
      input.setAttribute('aria-invalid', 'true');
      input.classList.add('invalid');
      return;
    }
    if (input.dataset.sent === input.value) return;
    input.dataset.sent = input.value;
    input.removeAttribute('aria-invalid');
    input.classList.remove('invalid');
    this.cb.set(unit, p.name, v);
  }

  renderStream(name, ctx) {
    const { result, registry } = ctx;
    const s = result.streams[name];
    const toUnit = s.to && result.units[s.to];
    const toPort = toUnit ? ((registry.get(toUnit.type) || {}).ports || { in: ['feed'] }).in[0] : '';
    const ports = [];
    for (const [un, u] of Object.entries(result.units)) {
      for (const [port, st] of Object.entries(u.out || {})) ports.push({ v: `${un}.${port}`, dir: 'out', st });
    }
    const fromSel = el('select', { id: 'conn-from' }, el('option', { value: '' }, '(none: a feed)'),
      ports.map((p) => el('option', { value: p.v, selected: s.from && p.st === name ? true : null }, p.v)));
    const toSel = el('input', { id: 'conn-to', type: 'text', value: s.to ? `${s.to}.${toPort}` : '', placeholder: 'UNIT.PORT or empty' });
    const rows = [['solids', s.solids_tph, 't/h'], ['water', s.water_tph, 't/h'], ['total', s.total_tph, 't/h'],
      ['% solids', s.pct_solids, '%'], ['slurry', s.slurry_m3h, 'm³/h'], ['P80', s.p80_um, 'µm'], ['P50', s.p50_um, 'µm'],
      ['temperature', s.temperature_c, '°C'],
      ...Object.entries(s.assay || {}).map(([k, v]) => [k, v, '%'])];
    this.box.replaceChildren(
      el('h2', {}, name, el('small', {}, ' stream')),
      el('p', { class: 'ports' }, 'from ', s.from ? el('button', { type: 'button', class: 'linkish', onclick: () => this.cb.select('unit', s.from) }, s.from) : '(feed)',
        ' to ', s.to ? el('button', { type: 'button', class: 'linkish', onclick: () => this.cb.select('unit', s.to) }, s.to) : '(product)'),
      el('table', {}, el('tbody', {}, rows.map(([k, v, uom]) => el('tr', {}, el('th', { scope: 'row' }, k), el('td', {}, fmt(v)), el('td', { class: 'l' }, uom))))),
      el('fieldset', { class: 'connect' }, el('legend', {}, 'Reconnect'),
        el('label', { for: 'conn-from' }, 'from '), fromSel,
        el('label', { for: 'conn-to' }, ' to '), toSel,
        el('button', { type: 'button', onclick: () => this.cb.connect(name, fromSel.value || null, toSel.value.trim() || null) }, 'Connect')));
  }
}
