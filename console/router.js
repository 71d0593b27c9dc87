// Pages by the URL's hash (#/ticket/TRC-000123, #/queue/triage?q=…), so links and the back button work.
import { useEffect, useState } from 'preact/hooks';

export function parseRoute(hash) {
  const [path, search = ''] = hash.replace(/^#/, '').split('?');
  return {
    segments: path.split('/').filter(Boolean).map(decodeURIComponent),
    params: Object.fromEntries(new URLSearchParams(search)),
  };
}

export function navigate(path) {
  location.hash = path;
}

export function useRoute() {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const follow = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);
  return route;
}
