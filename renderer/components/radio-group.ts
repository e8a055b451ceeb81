import type { KeyboardEvent } from 'react';

const NEXT = new Set(['ArrowRight', 'ArrowDown']);
const PREVIOUS = new Set(['ArrowLeft', 'ArrowUp']);

/**
 * A radio group as the ARIA pattern asks (a segmented control, a filter): one Tab stop (the
 * checked option, or the first when none is), arrow keys move the choice and the focus, Home and
 * End jump to the ends, Space and Enter pick (the option is a button). Spread `group` on the
 * element with role="radiogroup" and `radio(value)` on each option.
 */
export function useRadioGroup<T>(values: readonly T[], value: T | undefined, onChange: (next: T) => void) {
  const current = values.indexOf(value as T);
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    const radios = [...e.currentTarget.querySelectorAll<HTMLElement>('[role="radio"]')];
    const at = radios.indexOf(document.activeElement as HTMLElement);
    if (at < 0 || radios.length !== values.length) return;
    let to: number;
    if (NEXT.has(e.key)) to = (at + 1) % radios.length;
    else if (PREVIOUS.has(e.key)) to = (at - 1 + radios.length) % radios.length;
    else if (e.key === 'Home') to = 0;
    else if (e.key === 'End') to = radios.length - 1;
    else return;
    e.preventDefault();
    radios[to]!.focus();
    onChange(values[to]!);
  };
  return {
    group: { role: 'radiogroup' as const, onKeyDown },
    radio: (v: T) => {
      const i = values.indexOf(v);
      return {
        role: 'radio' as const,
        'aria-checked': v === value,
        tabIndex: i === current || (current < 0 && i === 0) ? 0 : -1,
        onClick: () => onChange(v),
      };
    },
  };
}
