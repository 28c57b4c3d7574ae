import { useEffect, useRef } from 'react';

export interface PlayerKeyHandlers {
  toggle: () => void;
  skip: (seconds: number) => void;
  zoomIn: () => void;
  zoomOut: () => void;
}

/**
 * The player's keyboard while a set page is open: Space and K play/pause, ←/→ seek 5 s (with
 * Shift 30 s), J/L 10 s back/forward, +/− zoom. Keys typed into a field are left alone, and Space
 * on a button or link keeps its native meaning (pressing that control).
 */
export function usePlayerKeys(handlers: PlayerKeyHandlers) {
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest('input, textarea, select, [contenteditable="true"]')) return;
      const h = ref.current;
      switch (event.key) {
        case ' ':
          if (target?.closest('button, a, summary')) return;
          h.toggle();
          break;
        case 'k':
        case 'K':
          h.toggle();
          break;
        case 'j':
        case 'J':
          h.skip(-10);
          break;
        case 'l':
        case 'L':
          h.skip(10);
          break;
        case 'ArrowLeft':
          h.skip(event.shiftKey ? -30 : -5);
          break;
        case 'ArrowRight':
          h.skip(event.shiftKey ? 30 : 5);
          break;
        case '+':
        case '=':
          h.zoomIn();
          break;
        case '-':
          h.zoomOut();
          break;
        default:
          return;
      }
      event.preventDefault();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
