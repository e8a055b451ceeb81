import { crumbs } from './history-format';

/** Where the browser is: each level a button back to it, the last one the current level. */
export function Breadcrumb({
  root,
  prefix,
  onOpen,
  rootLabel,
}: {
  root: string;
  prefix: string;
  onOpen(prefix: string): void;
  /** What the first crumb says (an artist's root: "My artworks"); default from the root's name. */
  rootLabel?: string;
}) {
  const trail = crumbs(root, prefix, rootLabel);
  return (
    <nav className="breadcrumb" aria-label="Folder" data-testid="history-breadcrumb">
      <ol>
        {trail.map((c, i) => {
          const last = i === trail.length - 1;
          return (
            <li key={c.prefix}>
              {last ? (
                <span className="breadcrumb__current" aria-current="location" title={c.prefix || '/'}>
                  {c.label}
                </span>
              ) : (
                <button
                  type="button"
                  className="breadcrumb__link"
                  onClick={() => onOpen(c.prefix)}
                  title={c.prefix || '/'}
                >
                  {c.label}
                </button>
              )}
              {last ? null : (
                <span className="breadcrumb__sep" aria-hidden="true">
                  /
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
