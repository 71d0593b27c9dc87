// Keyboard shortcuts: single keys and "g then x" sequences, ignored while typing in a field.
import { useEffect } from 'preact/hooks';

const bindings = new Map(); // "g t" or "k" → handler
let pending = null; // the first key of a sequence
let pendingTimer = null;

function typing(target) {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
  );
}

addEventListener('keydown', (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
  const key = event.key;
  const sequence = pending ? `${pending} ${key}` : key;
  clearTimeout(pendingTimer);
  pending = null;
  const handler = bindings.get(sequence);
  if (handler) {
    event.preventDefault();
    handler();
    return;
  }
  if ([...bindings.keys()].some((binding) => binding.startsWith(`${key} `))) {
    pending = key;
    pendingTimer = setTimeout(() => (pending = null), 1500);
  }
});

/** Binds `keys` ("g t", "k", "/") to `handler` while the component is shown. */
export function useShortcut(keys, handler) {
  useEffect(() => {
    bindings.set(keys, handler);
    return () => {
      if (bindings.get(keys) === handler) bindings.delete(keys);
    };
  }, [keys, handler]);
}
