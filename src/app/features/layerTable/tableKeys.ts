/**
 * Keyboard inside the layer table (a roving tabindex, as WAI-ARIA's grid pattern): the
 * table is one Tab stop, the active row. ↑/↓ move between rows (↑ from the first row goes
 * to the column headers), Home/End jump, → or Enter enter the row's controls (bits, then
 * scheme), ←/→ move between them, Esc goes back to the row. In the header row ←/→ move
 * between the sort buttons and the name column's resize handle, ↓ returns to the rows.
 */
import type { KeyboardEvent } from 'react';

const CONTROLS = 'input, select';

function rowOf(el: Element): HTMLTableRowElement | null {
  return el.closest('tr');
}

/** Keys on a control inside a row: ←/→ between the row's controls, Esc back to the row. */
export function controlKeys(e: KeyboardEvent<HTMLInputElement | HTMLSelectElement>): void {
  const row = rowOf(e.currentTarget);
  if (!row) return;
  e.stopPropagation();
  const controls = [...row.querySelectorAll<HTMLElement>(CONTROLS)];
  const at = controls.indexOf(e.currentTarget);
  if (e.key === 'Escape') {
    e.preventDefault();
    row.focus();
  } else if (e.key === 'ArrowRight' && at < controls.length - 1) {
    e.preventDefault();
    controls[at + 1].focus();
  } else if (e.key === 'ArrowLeft') {
    e.preventDefault();
    (at > 0 ? controls[at - 1] : row).focus();
  }
}

/** Keys on a header control: ←/→ along the header, ↓ to the active row. */
export function headerKeys(e: KeyboardEvent<HTMLElement>, activeRow: () => HTMLElement | null): void {
  const head = e.currentTarget.closest('tr');
  if (!head) return;
  const items = [...head.querySelectorAll<HTMLElement>('[data-header-item]')];
  const at = items.indexOf(e.target as HTMLElement);
  if (at < 0) return;
  const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: items.length - 1 }[e.key];
  if (to !== undefined && items[to]) {
    e.preventDefault();
    items[to].focus();
  } else if (e.key === 'ArrowDown') {
    e.preventDefault();
    activeRow()?.focus();
  }
}

/** The control to enter from a row (its first input or select). */
export function firstControl(row: HTMLElement): HTMLElement | null {
  return row.querySelector<HTMLElement>(CONTROLS);
}
