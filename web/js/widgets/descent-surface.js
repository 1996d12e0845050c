// Where the descent widget looks and what it labels. The surface itself is the core's
// (src/core/theory/explain.cpp, surface_loss); the locations of its critical points are copied from the
// comment there, which test_explain.cpp re-derives, so a change of the surface must update both.
export const SURFACE_DOMAIN = { x: [-3, 3], y: [-3, 3] };

export const SURFACE_FEATURES = [
  { kind: 'global', x: -1.553368, y: -0.776684 },
  { kind: 'local', x: 1.440224, y: 0.720112 },
  { kind: 'saddle', x: 0.113144, y: 0.056572 },
];

// A start on the local minimum's side of the saddle: plain SGD settles in the shallower well while
// the methods with momentum can carry over the saddle.
export const DEFAULT_START = { x: 2.4, y: -1.6 };
