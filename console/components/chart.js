// A Chart.js chart (the global `Chart` loaded by index.html) on a canvas, rebuilt when its data or labels change.
import { useEffect, useRef } from 'preact/hooks';
import { html } from '../html.js';

/** `summary` is the canvas's accessible name; the numbers themselves go in a table beside it. */
export function ChartCanvas({ type, data, options = {}, summary, height = 260 }) {
  const canvas = useRef(null);
  const config = JSON.stringify({ type, data, options });
  useEffect(() => {
    if (typeof Chart === 'undefined' || !canvas.current) return undefined;
    const chart = new Chart(canvas.current, {
      type,
      data,
      options: { responsive: true, maintainAspectRatio: false, animation: false, ...options },
    });
    return () => chart.destroy();
  }, [config]);
  return html`
    <div class="chart" style=${{ height: `${height}px` }}>
      <canvas ref=${canvas} role="img" aria-label=${summary}></canvas>
    </div>
  `;
}

/** A palette that stays readable in print and for the common colour-vision deficiencies. */
export const palette = ['#1f5fbf', '#e08a00', '#1e7a3c', '#b3261e', '#6b4fbb', '#5e6675', '#008b8b'];
