/** Locks the screen after a stretch without keyboard, pointer or wheel input: a teller who walks away leaves nothing open. */

import { useEffect, useRef } from 'react';

const ACTIVITY = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

export function useIdleLock(minutes: number | undefined, onIdle: () => void): void {
  const idle = useRef(onIdle);
  idle.current = onIdle;

  useEffect(() => {
    if (minutes === undefined || !(minutes > 0)) return;
    const limit = minutes * 60_000;
    let last = Date.now();
    const touch = () => {
      last = Date.now();
    };
    for (const type of ACTIVITY) document.addEventListener(type, touch, { passive: true, capture: true });
    // Checked often enough to lock within a few seconds of the limit, without a timer reset on every mouse move.
    const timer = setInterval(() => {
      if (Date.now() - last >= limit) idle.current();
    }, Math.max(10, Math.min(5_000, limit / 4)));
    return () => {
      clearInterval(timer);
      for (const type of ACTIVITY) document.removeEventListener(type, touch, { capture: true });
    };
  }, [minutes]);
}
