import { useEffect, useRef, useState } from 'react';
import { carriesFiles, readDrop, type DroppedItem } from './dropped-items';
import { UploadCloudIcon } from '../components/icons';

/**
 * Makes the whole window a drop target: while files are dragged over it an overlay says what
 * will happen; dropping hands the items to `onDrop`. Drops are always prevented from
 * navigating the window to the file.
 */
export function DropOverlay({
  onDrop,
  pathForFile,
}: {
  onDrop(items: DroppedItem[]): void;
  pathForFile(file: File): string | undefined;
}) {
  const [active, setActive] = useState(false);
  const depth = useRef(0);
  const handlers = useRef({ onDrop, pathForFile });
  handlers.current = { onDrop, pathForFile };

  useEffect(() => {
    const enter = (e: DragEvent) => {
      if (!carriesFiles(e.dataTransfer)) return;
      e.preventDefault();
      depth.current += 1;
      setActive(true);
    };
    const over = (e: DragEvent) => {
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = carriesFiles(e.dataTransfer) ? 'copy' : 'none';
    };
    const leave = () => {
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setActive(false);
    };
    const drop = (e: DragEvent) => {
      e.preventDefault();
      depth.current = 0;
      setActive(false);
      if (!e.dataTransfer || !carriesFiles(e.dataTransfer)) return;
      const items = readDrop(e.dataTransfer, handlers.current.pathForFile);
      if (items.length) handlers.current.onDrop(items);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);

  if (!active) return null;
  return (
    <div className="drop-overlay" role="presentation">
      <div className="drop-overlay__card">
        <UploadCloudIcon size={40} />
        <div className="drop-overlay__title">Drop to add to your Library</div>
        <div className="drop-overlay__hint">Folders keep their structure under your artist folder.</div>
      </div>
    </div>
  );
}
