// What-if sliders: any numeric parameter pinned from the inspector gets a slider; its value goes
// to /api/solve as a `set` entry (the file is not changed until "Write into the file"). A
// parameter that a design spec adjusts is held by switching that spec off while its slider is
// away from the file's value.
import { el, fmt, plain } from './format.js';

let seq = 0;

export class WhatIf {
  constructor(box, onMove) {
    this.box = box;
    this.onMove = onMove; // (slider) => void, on every input event
    this.sliders = [];
  }

  // p: the registry's param def; value: the solved value; spec: the design spec adjusting it
  pin(unit, p, value, spec) {
    if (this.sliders.some((s) => s.unit === unit && s.param === p.name)) return;
    let lo, hi;
    if (spec && isFinite(spec.min) && isFinite(spec.max)) { lo = spec.min; hi = spec.max; }
    else if (value > 0) { lo = Math.max(p.min, value / 2); hi = Math.min(p.max, value * 2); }
    else { lo = p.min; hi = Math.min(p.max, p.min + (p.max - p.min) / 10 || 1); }
    if (!(hi > lo)) hi = lo + 1;
    const s = { id: `s${++seq}`, unit, param: p.name, uom: p.unit, lo, hi, base: value, value, spec: spec ? spec.name : null };
    this.sliders.push(s);
    this.render();
  }

  // [{unit, param, value}] for the sliders moved away from the file's value
  set() {
    const out = [];
    for (const s of this.sliders) {
      if (s.value === s.base) continue;
      if (s.spec) out.push({ unit: 'specs', param: `${s.spec}.enabled`, value: 0 });
      out.push({ unit: s.unit, param: s.param, value: s.value });
    }
    return out;
  }

  // After a new file text: each slider's base is the file's (solved) value again.
  rebase(result) {
    for (const s of this.sliders) {
      const u = result.units[s.unit];
      if (u && typeof u.params[s.param] === 'number') { s.base = u.params[s.param]; s.value = s.base; }
    }
    this.render();
  }

  render() {
    if (!this.sliders.length) {
      this.box.replaceChildren(el('p', { class: 'note' }, 'Pin a parameter with ⇔ in the inspector to get a slider here.'));
      return;
    }
    this.box.replaceChildren(...this.sliders.map((s) => {
      const step = (s.hi - s.lo) / 200;
      const range = el('input', { type: 'range', id: s.id, min: s.lo, max: s.hi, step, value: s.value,
        'data-unit': s.unit, 'data-param': s.param });
      const out = el('output', { for: s.id }, `${fmt(s.value)} ${s.uom || ''}`);
      range.addEventListener('input', () => {
        s.value = Number(range.value);
        out.textContent = `${fmt(s.value)} ${s.uom || ''}`;
        this.onMove(s);
      });
      return el('div', { class: 'slider' },
        el('label', { for: s.id }, `${s.unit}.${s.param}`),
        el('div', { class: 'inrow' }, range, out,
          el('button', { type: 'button', 'aria-label': `reset ${s.unit}.${s.param}`, title: 'back to the file\'s value',
            onclick: () => { s.value = s.base; this.render(); this.onMove(s); } }, '↺'),
          el('button', { type: 'button', 'aria-label': `remove slider ${s.unit}.${s.param}`, title: 'remove',
            onclick: () => { this.sliders = this.sliders.filter((x) => x !== s); this.render(); this.onMove(s); } }, '×')),
        el('div', { class: 'doc' }, `${plain(s.lo)} to ${plain(s.hi)}; file ${plain(s.base)}`,
          s.spec ? `; design spec ${s.spec} off while moved` : ''));
    }));
  }
}
