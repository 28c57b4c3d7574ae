import { type PointerEvent, useRef, useState } from 'react';

/** How far a finger must travel sideways, in CSS pixels, for a swipe to count. */
const THRESHOLD = 50;

/**
 * Horizontal swipes from pointer events (touch, pen, and mouse drags): the photo follows the
 * finger while it moves (`offset`), and a swipe past the threshold calls `onSwipe`.
 */
export function useSwipe(onSwipe: (direction: 'left' | 'right') => void) {
  const start = useRef<{ id: number; x: number; y: number } | null>(null);
  const [offset, setOffset] = useState(0);

  const end = (event: PointerEvent<HTMLElement>, cancelled: boolean) => {
    const from = start.current;
    start.current = null;
    setOffset(0);
    if (!from || from.id !== event.pointerId || cancelled) return;
    const dx = event.clientX - from.x;
    const dy = event.clientY - from.y;
    if (Math.abs(dx) > THRESHOLD && Math.abs(dx) > Math.abs(dy)) onSwipe(dx < 0 ? 'left' : 'right');
  };

  const handlers = {
    onPointerDown: (event: PointerEvent<HTMLElement>) => {
      // A second finger means pinch-zoom, not a swipe; and buttons on the photo keep their clicks
      // (capturing the pointer would send the click to the photo instead).
      if (!event.isPrimary || (event.pointerType === 'mouse' && event.button !== 0)) return;
      if (event.target instanceof Element && event.target.closest('button, a')) return;
      start.current = { id: event.pointerId, x: event.clientX, y: event.clientY };
      event.currentTarget.setPointerCapture(event.pointerId);
    },
    onPointerMove: (event: PointerEvent<HTMLElement>) => {
      const from = start.current;
      if (from && from.id === event.pointerId) setOffset(event.clientX - from.x);
    },
    onPointerUp: (event: PointerEvent<HTMLElement>) => end(event, false),
    onPointerCancel: (event: PointerEvent<HTMLElement>) => end(event, true),
  };
  return { offset, handlers };
}
