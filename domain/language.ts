// Which language to answer a client in: Russian unless the client wrote only in Latin script.
import type { Language } from './ticket';

const cyrillic = /[\u0400-\u04FF]/;
const latin = /[A-Za-z]/;

export function detectLanguage(text: string, fallback: Language = 'ru'): Language {
  if (cyrillic.test(text)) return 'ru';
  if (latin.test(text)) return 'en';
  return fallback;
}
