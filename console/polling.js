// Data that refreshes on its own: loaded at once, then every few seconds while the tab is visible.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export const refreshMs = 5000;

/** { data, error, reload, loadedAt } for `load()`, reloaded when `keys` change and every `intervalMs`. */
export function usePolling(load, keys, intervalMs = refreshMs) {
  const [state, setState] = useState({ data: undefined, error: null, loadedAt: null });
  const generation = useRef(0);
  const reload = useCallback(async () => {
    const mine = ++generation.current;
    try {
      const data = await load();
      if (mine === generation.current) setState({ data, error: null, loadedAt: new Date() });
    } catch (error) {
      if (mine === generation.current) setState((previous) => ({ ...previous, error }));
    }
  }, keys);
  useEffect(() => {
    setState({ data: undefined, error: null, loadedAt: null });
    reload();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, intervalMs);
    return () => {
      clearInterval(timer);
      generation.current++;
    };
  }, [reload]);
  return { ...state, reload };
}
