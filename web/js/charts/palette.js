// The one palette of the page's charts: Okabe–Ito colours (distinguishable with the common
// colour-vision deficiencies), the order of a chart's series, and the roles of the playground's
// lines named after what they show. The colour ramps of the heatmaps are in ./ramps.js.

// Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
export const PALETTE = {
  blue: '#0072B2',
  orange: '#E69F00',
  green: '#009E73',
  vermillion: '#D55E00',
  purple: '#CC79A7',
  sky: '#56B4E9',
  yellow: '#F0E442',
  grey: '#6b6b6b',
  ink: '#1a1a1a',
};
export const SERIES_COLOURS = [PALETTE.blue, PALETTE.vermillion, PALETTE.green, PALETTE.orange, PALETTE.purple, PALETTE.sky];

// What each playground line shows, in the palette's colours (the playground drew with a colour set
// of its own until the two kits were merged; it now speaks the article's palette).
export const COLORS = {
  gradient: PALETTE.blue,
  reference: PALETTE.grey,
  prediction: PALETTE.orange,
  loss: PALETTE.vermillion,
  train: PALETTE.blue,
  test: PALETTE.green,
  dead: PALETTE.purple,
  saturated: PALETTE.orange,
  flagged: PALETTE.vermillion,
};

// Axis text and grid lines of every chart (the Chart.js defaults in ./chartjs.js).
export const CHART_INK = { text: '#333', grid: 'rgba(0, 0, 0, 0.1)' };
