/** Keyboard shortcuts: Ctrl/⌘+Z undo, Ctrl/⌘+Shift+Z or Ctrl+Y redo, Escape closes the detail. */
import { dispatch, redo, selectLayer, undo } from './store';

function typingInText(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  if (el.isContentEditable) return true;
  return el instanceof HTMLInputElement && !['number', 'checkbox', 'radio', 'range', 'file'].includes(el.type);
}

export function installShortcuts(): () => void {
  const onKey = (e: KeyboardEvent) => {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && !typingInText(e.target)) {
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) { e.preventDefault(); dispatch(undo, undefined); return; }
      if ((key === 'z' && e.shiftKey) || key === 'y') { e.preventDefault(); dispatch(redo, undefined); return; }
    }
    if (e.key === 'Escape' && !typingInText(e.target)) dispatch(selectLayer, null);
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
