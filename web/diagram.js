// The flowsheet diagram: the report's Graphviz SVG (src/report/diagram.c) made interactive.
// Units are <g id="unit-NAME" class="node">, streams <g id="stream-NAME" class="edge">, products
// without a unit <g id="product-NAME">; ids escape bytes outside [A-Za-z0-9_-] as _hh.
import { fmt } from './format.js';

export function xmlId(prefix, name) {
  let out = prefix;
  for (const b of new TextEncoder().encode(name)) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9_-]/.test(c) ? c : `_${b.toString(16).padStart(2, '0')}`;
  }
  return out;
}

export class Diagram {
  constructor(box, onSelect) {
    this.box = box;
    this.onSelect = onSelect;
    this.zoom = 1;
    this.selected = null;
  }

  // Replaces the drawing; names: {units: [...], streams: [...]} of the result it was drawn from.
  draw(svgText, result) {
    this.box.innerHTML = svgText;
    const root = this.box.querySelector('svg');
    if (!root) return;
    this.svg = root;
    this.natural = parseFloat(root.getAttribute('width')) * 4 / 3 || 800; // pt -> px
    root.removeAttribute('height');
    root.setAttribute('role', 'group');
    root.setAttribute('aria-label', 'Flowsheet diagram: units and streams; Enter selects');
    for (const t of root.querySelectorAll('title')) t.remove(); // Graphviz's u:NAME titles
    const bind = (g, kind, name, label) => {
      g.setAttribute('tabindex', '0');
      g.setAttribute('role', 'button');
      g.setAttribute('aria-label', label);
      g.dataset.kind = kind;
      g.dataset.name = name;
      g.classList.add('pick');
      const pick = () => this.onSelect(kind, name);
      g.addEventListener('click', pick);
      g.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); pick(); }
      });
    };
    for (const [name, u] of Object.entries(result.units || {})) {
      const g = root.getElementById(xmlId('unit-', name));
      if (g) bind(g, 'unit', name, `unit ${name} (${u.type})`);
    }
    for (const name of Object.keys(result.streams || {})) {
      const g = root.getElementById(xmlId('stream-', name));
      if (g) bind(g, 'stream', name, `stream ${name}`);
      const p = root.getElementById(xmlId('product-', name));
      if (p) bind(p, 'stream', name, `product stream ${name}`);
    }
    this.applyZoom();
    this.update(result);
    if (this.selected) this.mark(this.selected.kind, this.selected.name);
  }

  applyZoom() {
    if (this.svg) this.svg.style.width = this.zoom === 0 ? '100%' : `${Math.round(this.natural * this.zoom)}px`;
  }

  setZoom(z) { this.zoom = z; this.applyZoom(); }

  // The stream labels (name, solids t/h, key assay %), rewritten from a new result without a
  // new layout: what a slider move redraws.
  update(result) {
    if (!this.svg) return;
    const key = (result.system && result.system.assays || [])[0];
    for (const [name, s] of Object.entries(result.streams || {})) {
      const g = this.svg.getElementById(xmlId('stream-', name));
      if (!g) continue;
      const texts = [...g.children].filter((c) => c.tagName === 'text');
      if (texts.length < 2) continue;
      let flow;
      if (!(s.solids_tph > 0) && s.total_tph > 0) {
        const ph = s.phases_tph || {};
        const word = [['gas', 'gas'], ['aqueous', 'solution'], ['liquid', 'liquid']]
          .reduce((b, [k, w]) => ((ph[k] || 0) > b[0] ? [ph[k], w] : b), [0, ''])[1];
        flow = `${fmt(s.total_tph, 3)} t/h ${word}`;
      } else flow = `${fmt(s.solids_tph, 3)} t/h`;
      texts[1].textContent = flow;
      const a = s.assay && key ? s.assay[key] : undefined;
      if (texts[2] && typeof a === 'number') texts[2].textContent = `${fmt(a, 3)}% ${key}`;
    }
  }

  mark(kind, name) {
    this.selected = kind ? { kind, name } : null;
    if (!this.svg) return;
    for (const g of this.svg.querySelectorAll('.selected')) {
      g.classList.remove('selected');
      g.removeAttribute('aria-pressed');
    }
    if (!kind) return;
    const ids = kind === 'unit' ? [xmlId('unit-', name)] : [xmlId('stream-', name), xmlId('product-', name)];
    for (const id of ids) {
      const g = this.svg.getElementById(id);
      if (g) { g.classList.add('selected'); g.setAttribute('aria-pressed', 'true'); }
    }
  }

  // Units named by diagnostics, outlined in red.
  markErrors(names) {
    if (!this.svg) return;
    for (const g of this.svg.querySelectorAll('.has-error')) g.classList.remove('has-error');
    for (const n of names) {
      const g = this.svg.getElementById(xmlId('unit-', n)) || this.svg.getElementById(xmlId('stream-', n));
      if (g) g.classList.add('has-error');
    }
  }

  focus(kind, name) {
    const g = this.svg && this.svg.getElementById(xmlId(kind === 'unit' ? 'unit-' : 'stream-', name));
    if (!g) return;
    // scroll the diagram's box (not the page) so that the element is in view
    const r = g.getBoundingClientRect(), b = this.box.getBoundingClientRect();
    if (r.left < b.left || r.right > b.right) this.box.scrollLeft += r.left - b.left - (b.width - r.width) / 2;
    if (r.top < b.top || r.bottom > b.bottom) this.box.scrollTop += r.top - b.top - (b.height - r.height) / 2;
  }
}
