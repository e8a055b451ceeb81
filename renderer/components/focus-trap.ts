const FOCUSABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]',
]
  .map((s) => `${s}:not([tabindex="-1"])`)
  .join(', ');

/** What the page can reach with Tab inside `box`, in order (hidden ones left out). */
export function tabbable(box: HTMLElement): HTMLElement[] {
  return [...box.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0);
}

// Open modals, innermost last: only the innermost answers keys, and each one makes the rest of
// the page inert (unreachable by Tab, by a screen reader's cursor and by the mouse) while it is open.
const open: HTMLElement[] = [];

function trapTab(e: KeyboardEvent, box: HTMLElement): void {
  const all = tabbable(box);
  const active = document.activeElement as HTMLElement | null;
  e.preventDefault();
  if (all.length === 0) return box.focus();
  const at = active ? all.indexOf(active) : -1;
  const next =
    at < 0 ? (e.shiftKey ? all.length - 1 : 0) : (at + (e.shiftKey ? -1 : 1) + all.length) % all.length;
  all[next]!.focus();
}

/** The elements beside `layer` and beside each of its ancestors up to <body>, which were not inert yet. */
function outside(layer: HTMLElement): HTMLElement[] {
  const out: HTMLElement[] = [];
  for (let el: HTMLElement | null = layer; el && el !== document.body; el = el.parentElement) {
    for (const sibling of el.parentElement?.children ?? []) {
      if (sibling !== el && sibling instanceof HTMLElement && !sibling.inert && sibling.tagName !== 'SCRIPT')
        out.push(sibling);
    }
  }
  return out;
}

export interface FocusHold {
  release(): void;
}

/**
 * Keeps focus inside `box` (a modal dialog) until released: focus moves in (to the element
 * marked data-autofocus, else the first control below the title: a confirmation's Cancel before
 * its action, since Cancel comes first), Tab and Shift+Tab
 * cycle inside, Escape calls `onEscape`, the page outside is inert; on release focus goes back to
 * what had it before (when that is still on the page).
 */
export function holdFocus(box: HTMLElement, onEscape: () => void): FocusHold {
  const before = document.activeElement as HTMLElement | null;
  const layer = box.parentElement ?? box;
  const made = outside(layer);
  for (const el of made) el.inert = true;
  open.push(box);
  if (!box.hasAttribute('tabindex')) box.tabIndex = -1;
  const first =
    box.querySelector<HTMLElement>('[data-autofocus]') ??
    tabbable(box).find((el) => !el.closest('.dialog__header')) ??
    tabbable(box)[0] ??
    box;
  first.focus();
  const onKey = (e: KeyboardEvent) => {
    if (open.at(-1) !== box) return;
    if (e.key === 'Escape') {
      e.preventDefault();
      onEscape();
    } else if (e.key === 'Tab') trapTab(e, box);
  };
  // Focus that lands outside anyway (a click on the backdrop) is brought back in.
  const onFocus = (e: FocusEvent) => {
    if (open.at(-1) === box && e.target instanceof Node && !box.contains(e.target)) first.focus();
  };
  // Focus that falls to the page (the focused control was disabled or removed) goes back to the start.
  const onLost = () =>
    queueMicrotask(() => {
      const here = document.activeElement;
      if (open.at(-1) !== box || !box.isConnected || (here && here !== document.body)) return;
      (first.isConnected ? first : (tabbable(box)[0] ?? box)).focus();
    });
  window.addEventListener('keydown', onKey);
  document.addEventListener('focusin', onFocus);
  box.addEventListener('focusout', onLost);
  return {
    release() {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('focusin', onFocus);
      box.removeEventListener('focusout', onLost);
      open.splice(open.indexOf(box), 1);
      for (const el of made) el.inert = false;
      if (before?.isConnected) before.focus();
    },
  };
}
