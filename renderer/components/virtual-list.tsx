import { useEffect, useRef, useState, type ReactNode } from 'react';
import './virtual-list.css';

interface Props<T> {
  readonly items: readonly T[];
  /** Every row is exactly this tall (px): what makes windowing a division instead of a measurement. */
  readonly rowHeight: number;
  readonly itemKey: (item: T) => string | number;
  readonly renderRow: (item: T, index: number) => ReactNode;
  /** Rows rendered above and below the visible ones, so a fast scroll shows no gap. */
  readonly overscan?: number;
  readonly label: string;
  readonly className?: string;
}

/**
 * A fixed-row-height windowed list: however many items (tens of thousands of queued files),
 * only the rows in view plus a few are in the DOM. The scroller is this element; its height
 * comes from the layout (flex), read with a ResizeObserver.
 */
export function VirtualList<T>({
  items,
  rowHeight,
  itemKey,
  renderRow,
  overscan = 6,
  label,
  className,
}: Props<T>) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setHeight(el.clientHeight);
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // When the list shrinks (clear done), keep the scroll position inside it.
  const total = items.length * rowHeight;
  useEffect(() => {
    const el = ref.current;
    if (el && el.scrollTop > Math.max(0, total - el.clientHeight)) setScrollTop(el.scrollTop);
  }, [total]);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(items.length, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    const item = items[i]!;
    rows.push(
      <div
        key={itemKey(item)}
        role="listitem"
        className="virtual-list__row"
        style={{ transform: `translateY(${i * rowHeight}px)`, height: rowHeight }}
      >
        {renderRow(item, i)}
      </div>,
    );
  }
  return (
    <div
      ref={ref}
      className={`virtual-list ${className ?? ''}`}
      role="list"
      aria-label={label}
      data-count={items.length}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
    >
      <div className="virtual-list__spacer" style={{ height: total }}>
        {rows}
      </div>
    </div>
  );
}
