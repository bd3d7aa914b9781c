/**
 * Keep the sidebar iframe as tall as its content: `client.invoke('resize', {width: '100%',
 * height: '<n>px'})` whenever the measured height changes (ResizeObserver; one measurement on
 * mount where there is none).
 */
import { useEffect, useRef, type RefObject } from 'react';
import type { ZafClient } from '../zaf/types.ts';

export function useAutoResize(client: ZafClient | null, ref: RefObject<HTMLElement | null>): void {
  const last = useRef<number | null>(null);
  useEffect(() => {
    const element = ref.current;
    if (!client || !element) return;
    const resize = () => {
      const height = Math.ceil(element.getBoundingClientRect().height || element.scrollHeight);
      if (height <= 0 || height === last.current) return;
      last.current = height;
      void Promise.resolve(client.invoke('resize', { width: '100%', height: `${height}px` })).catch(() => {});
    };
    resize();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(resize);
    observer.observe(element);
    return () => observer.disconnect();
  }, [client, ref]);
}
