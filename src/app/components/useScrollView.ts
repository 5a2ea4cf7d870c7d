/** Where a scroller is scrolled and how big its view is, following its scrolling and its size. */
import { useEffect, useState } from 'react';

export interface ScrollView { left: number; top: number; width: number; height: number }

/** The view of `el` (all 0 while it is not mounted or not yet read). */
export function useScrollView(el: HTMLElement | null): ScrollView {
  const [view, setView] = useState<ScrollView>({ left: 0, top: 0, width: 0, height: 0 });
  useEffect(() => {
    if (!el) return;
    const read = () => setView((v) => (v.left === el.scrollLeft && v.top === el.scrollTop && v.width === el.clientWidth && v.height === el.clientHeight
      ? v : { left: el.scrollLeft, top: el.scrollTop, width: el.clientWidth, height: el.clientHeight }));
    read();
    el.addEventListener('scroll', read, { passive: true });
    const resize = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(read);
    resize?.observe(el);
    return () => {
      el.removeEventListener('scroll', read);
      resize?.disconnect();
    };
  }, [el]);
  return view;
}
