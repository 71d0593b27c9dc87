// Components are written as htm tagged templates over Preact: no build step, the browser runs these files as they are.
import { h } from 'preact';
import htm from 'htm';

export const html = htm.bind(h);
