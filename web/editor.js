// The YAML text view: the file as text, a line-number gutter, the diagnostics' lines highlighted
// and listed; a click on a diagnostic puts the caret at its line and column.
import { el } from './format.js';

export class Editor {
  constructor(area, gutter, list, onChange) {
    this.area = area;
    this.gutter = gutter;
    this.list = list;
    this.errLines = new Set();
    this.timer = 0;
    area.addEventListener('input', () => {
      this.renderGutter();
      clearTimeout(this.timer);
      this.timer = setTimeout(() => onChange(area.value), 500);
    });
    area.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
        ev.preventDefault();
        clearTimeout(this.timer);
        onChange(area.value);
      }
    });
    area.addEventListener('scroll', () => { gutter.scrollTop = area.scrollTop; });
  }

  get value() { return this.area.value; }

  set value(text) {
    if (this.area.value !== text) this.area.value = text;
    this.renderGutter();
  }

  renderGutter() {
    const n = this.area.value.split('\n').length;
    if (this.gutter.childElementCount !== n) {
      this.gutter.replaceChildren(...Array.from({ length: n }, (_, i) => el('span', { 'data-line': i + 1 }, `${i + 1}`)));
    }
    for (const s of this.gutter.children) s.classList.toggle('err', this.errLines.has(+s.dataset.line));
    this.gutter.scrollTop = this.area.scrollTop;
  }

  // diagnostics: [{severity, file, line, column, message}] of the text shown
  showDiagnostics(diags) {
    this.errLines = new Set(diags.filter((d) => d.line > 0).map((d) => d.line));
    this.renderGutter();
    this.list.replaceChildren(...diags.map((d) => el('li', { class: d.severity || 'error' },
      el('button', {
        type: 'button', class: 'linkish', 'data-line': d.line || '',
        onclick: () => this.goTo(d.line, d.column),
      }, d.line ? `line ${d.line}${d.column ? `:${d.column}` : ''}` : (d.file || 'file')),
      ` ${d.severity || 'error'}: ${d.message}`)));
  }

  goTo(line, column) {
    if (!line) return;
    const lines = this.area.value.split('\n');
    let pos = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) pos += lines[i].length + 1;
    pos += Math.max(0, (column || 1) - 1);
    this.area.focus();
    this.area.setSelectionRange(pos, pos);
    const lh = parseFloat(getComputedStyle(this.area).lineHeight) || 16;
    this.area.scrollTop = Math.max(0, (line - 5) * lh);
    this.gutter.scrollTop = this.area.scrollTop;
  }
}

// Which unit (and parameter) of the text a diagnostic points at: from its message ("parameter
// 'P' of unit 'U'"), else the `- name:` entry that contains its line.
export function locate(diag, text) {
  const m = /unit '([^']+)'/.exec(diag.message || '');
  const p = /parameter '([^']+)'/.exec(diag.message || '');
  const s = /stream '([^']+)'/.exec(diag.message || '');
  let unit = m ? m[1] : (diag.object || null);
  let param = p ? p[1] : null;
  if (!unit && diag.line > 0) {
    const lines = text.split('\n');
    for (let i = Math.min(diag.line, lines.length) - 1; i >= 0; i--) {
      const n = /^\s*-\s*(?:\{\s*)?name:\s*([^,}\s#]+)/.exec(lines[i]);
      if (n) { unit = n[1]; break; }
      if (/^\S/.test(lines[i]) && i < diag.line - 1) break; // left the section
    }
    if (!param) {
      const k = /^\s*(?:-\s*)?([A-Za-z_][A-Za-z0-9_]*):/.exec(lines[diag.line - 1] || '');
      if (k && k[1] !== 'name') param = k[1];
    }
  }
  return { unit, param, stream: s ? s[1] : null };
}
