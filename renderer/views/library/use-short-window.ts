import { useEffect, useState } from 'react';

/** A window this short (780×600, a laptop split screen) folds the Library's sources. */
const SHORT = '(max-height: 700px)';

function isShort(): boolean {
  return typeof matchMedia === 'function' && matchMedia(SHORT).matches;
}

/**
 * Folded while the window is short, open while it is tall; the person's toggle holds until
 * the window crosses the line again.
 */
export function useFoldedOnShortWindow(): [boolean, (folded: boolean) => void] {
  const [folded, setFolded] = useState(isShort);
  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const query = matchMedia(SHORT);
    const onChange = () => setFolded(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  return [folded, setFolded];
}
