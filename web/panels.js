// Two scenarios side by side, and Monte Carlo with a live progress bar and cancel.
import { api } from './api.js';
import { el, fmt, musd, pct } from './format.js';
import { compareRows, renderHistogram } from './results.js';

const describe = (sc) => (sc.set.length ? sc.set.map((s) => `${s.unit}.${s.param} = ${fmt(s.value)}`).join(', ') : 'no what-if values')
  + (sc.edited ? '; edited text' : '');

export class Scenarios {
  constructor(box, cb) {
    this.box = box;
    this.cb = cb; // {current(), file(), solve(sc)}
    this.a = null;
    this.b = null;
    this.render();
  }

  take(which) {
    const c = this.cb.current();
    const f = this.cb.file();
    this[which] = { text: c.text, set: c.set.map((s) => ({ ...s })), edited: c.text !== f.text };
    this.render();
  }

  async compare() {
    const a = this.a || { ...this.cb.file(), edited: false };
    const b = this.b || { ...this.cb.current(), edited: this.cb.current().text !== this.cb.file().text };
    const out = this.box.querySelector('.compare');
    out.replaceChildren(el('p', { class: 'note' }, 'solving both…'));
    let ra, rb;
    try {
      [ra, rb] = await Promise.all([this.cb.solve(a), this.cb.solve(b)]);
    } catch (e) { out.replaceChildren(el('p', { class: 'bad' }, e.message)); return; }
    if (!ra.ok || !rb.ok) {
      const d = (ra.ok ? rb : ra).diagnostics || [];
      out.replaceChildren(el('p', { class: 'bad' }, `scenario ${ra.ok ? 'B' : 'A'} does not solve: ${d.length ? d[0].message : ''}`));
      return;
    }
    const rowsA = compareRows(ra.result), rowsB = compareRows(rb.result);
    out.replaceChildren(el('table', { id: 'compare-table' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Figure'), el('th', { scope: 'col' }, 'A'), el('th', { scope: 'col' }, 'B'), el('th', { scope: 'col' }, 'B − A'))),
      el('tbody', {}, rowsA.map(([k, va], i) => {
        const vb = rowsB[i] && rowsB[i][0] === k ? rowsB[i][1] : NaN;
        const d = vb - va;
        return el('tr', { 'data-name': k }, el('th', { scope: 'row' }, k), el('td', {}, fmt(va)), el('td', {}, fmt(vb)),
          el('td', { class: d > 0 ? 'up' : d < 0 ? 'down' : null }, isFinite(d) && Math.abs(d) > 1e-9 * Math.max(1, Math.abs(va)) ? fmt(d) : '0'));
      }))));
  }

  render() {
    const side = (which, label, sc, dflt) => el('div', { class: 'side' },
      el('h3', {}, label),
      el('p', {}, sc ? describe(sc) : dflt),
      el('button', { type: 'button', onclick: () => this.take(which) }, `Use the page's current values as ${label}`));
    this.box.replaceChildren(
      el('p', { class: 'note' }, 'Each scenario is a text of the flowsheet and its what-if values; both are solved and their figures set side by side.'),
      el('div', { class: 'sides' },
        side('a', 'A', this.a, 'the file as loaded'),
        side('b', 'B', this.b, "the page's current values (text and sliders)")),
      el('p', {}, el('button', { type: 'button', id: 'compare', class: 'primary', onclick: () => this.compare() }, 'Compare A and B')),
      el('div', { class: 'compare tablewrap', 'aria-live': 'polite' }));
  }
}

export class MonteCarlo {
  constructor(box, current) {
    this.box = box;
    this.current = current; // () => {path, text, set}
    this.job = null;
    const samples = el('input', { id: 'mc-samples', type: 'number', min: 10, max: 100000, step: 10, value: 500 });
    const seed = el('input', { id: 'mc-seed', type: 'number', min: 1, step: 1, value: 1 });
    this.run = el('button', { type: 'button', class: 'primary', id: 'mc-run', onclick: () => this.start(+samples.value, +seed.value) }, 'Run Monte Carlo');
    this.stop = el('button', { type: 'button', id: 'mc-cancel', disabled: true, onclick: () => this.cancel() }, 'Cancel');
    this.bar = el('progress', { id: 'mc-progress', max: 1, value: 0, 'aria-label': 'Monte Carlo progress' });
    this.msg = el('span', { id: 'mc-status', 'aria-live': 'polite' });
    this.out = el('div', { id: 'mc-result' });
    box.replaceChildren(
      el('p', { class: 'note' }, "Samples the file's uncertainty: section (the what-if values as the base case) on the server."),
      el('div', { class: 'inrow' }, el('label', { for: 'mc-samples' }, 'samples '), samples,
        el('label', { for: 'mc-seed' }, ' seed '), seed, this.run, this.stop),
      el('div', { class: 'inrow' }, this.bar, this.msg), this.out);
  }

  async start(samples, seed) {
    const c = this.current();
    this.run.disabled = true;
    this.stop.disabled = false;
    this.bar.value = 0;
    this.msg.textContent = 'starting…';
    try {
      const r = await api.mc(c.path, c.text, samples, seed, c.set.length ? c.set : undefined);
      this.job = r.job;
    } catch (e) {
      this.msg.textContent = `not started: ${e.message}`;
      this.run.disabled = false;
      this.stop.disabled = true;
      return;
    }
    this.poll(this.job);
  }

  async poll(id) {
    while (this.job === id) {
      let j;
      try { j = await api.job(id); } catch (e) { this.msg.textContent = e.message; break; }
      this.bar.max = Math.max(1, j.total || 1);
      this.bar.value = j.done || 0;
      this.msg.textContent = `${j.done || 0} of ${j.total || '?'} samples · ${j.state}`;
      if (j.state === 'done') { this.show(j.result); break; }
      if (j.state !== 'running') { if (j.error) this.msg.textContent += `: ${j.error}`; break; }
      await new Promise((r) => setTimeout(r, 200));
    }
    if (this.job === id) this.job = null;
    this.run.disabled = false;
    this.stop.disabled = true;
  }

  async cancel() {
    const id = this.job;
    if (!id) return;
    this.job = null;
    try { await api.cancel(id); this.msg.textContent = 'cancelled'; } catch (e) { this.msg.textContent = e.message; }
    this.run.disabled = false;
    this.stop.disabled = true;
  }

  show(mc) {
    if (!mc || !mc.npv_usd) { this.out.replaceChildren(el('p', { class: 'note' }, 'No NPV in the result (the file has no economics?).')); return; }
    const fig = el('div', {});
    renderHistogram(fig, mc);
    this.out.replaceChildren(
      el('div', { class: 'cards' },
        el('div', { class: 'card' }, el('b', {}, musd(mc.npv_usd.p50)), el('span', {}, 'NPV P50')),
        el('div', { class: 'card' }, el('b', {}, `${musd(mc.npv_usd.p10)} – ${musd(mc.npv_usd.p90)}`), el('span', {}, 'NPV P10 – P90')),
        el('div', { class: 'card' }, el('b', {}, pct(mc.prob_loss)), el('span', {}, 'probability of a loss')),
        mc.irr ? el('div', { class: 'card' }, el('b', {}, pct(mc.irr.p50)), el('span', {}, 'IRR P50')) : null),
      fig);
  }
}
