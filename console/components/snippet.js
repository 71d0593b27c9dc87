// A search hit's snippet: the API escapes the text and marks the hits with <mark>; it is rebuilt here as text and
// <mark> elements, so nothing else in it can ever become markup.
import { html } from '../html.js';

const decoder = document.createElement('textarea');

function decodeEntities(text) {
  decoder.innerHTML = text; // a textarea's content is text, never elements
  return decoder.value;
}

export function Snippet({ snippet }) {
  let marked = false;
  const pieces = [];
  for (const part of snippet.split(/(<mark>|<\/mark>)/)) {
    if (part === '<mark>') marked = true;
    else if (part === '</mark>') marked = false;
    else if (part) pieces.push(marked ? html`<mark>${decodeEntities(part)}</mark>` : decodeEntities(part));
  }
  return html`<span class="snippet">${pieces}</span>`;
}
