// Russian by default, English by a switch: each module defines its own strings, t() picks the language.
const dictionaries = { ru: {}, en: {} };
const listeners = new Set();
let language = localStorage.getItem('triceps.language') === 'en' ? 'en' : 'ru';
document.documentElement.lang = language;

export function defineStrings(strings) {
  for (const name of Object.keys(dictionaries)) Object.assign(dictionaries[name], strings[name]);
}

/** The text for `key` in the current language, with {placeholders} filled from `values`. */
export function t(key, values = {}) {
  const text = dictionaries[language][key] ?? dictionaries.ru[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));
}

export function currentLanguage() {
  return language;
}

export function setLanguage(next) {
  language = next === 'en' ? 'en' : 'ru';
  localStorage.setItem('triceps.language', language);
  document.documentElement.lang = language;
  for (const listener of listeners) listener(language);
}

export function onLanguageChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
