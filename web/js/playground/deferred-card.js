// A chart card the view builds after its first gradient frame rather than with the view. Building
// every card up front held the first chart back: constructing a Chart.js chart measures its canvas
// and its fonts, and the playground's seven cards took most of the main thread between Chart.js
// arriving and the first frame (bench: first gradient chart, alternating builds, see view.js).
//
//   const card = deferredCard(host, part, (parent) => createLossChart(parent, history), ['draw', ...]);
//   card.draw(...)   // before build(): recorded; after: the card's own method
//   card.build()     // builds the card in its slot, replays the recorded calls in order, returns it
//
// Until built, the slot holds an empty card of the same part (its grid cell and its height, hidden
// with it by the embed's *_hide flags), so the cards around it do not move when it arrives; part null
// is a card that starts hidden (the forward norms, shown after a divergence): nothing holds its place.
// destroy() before build() cancels it.
export function deferredCard(host, part, build, methods) {
  const slot = document.createElement('div');
  slot.className = 'vg-pg-card-slot';
  if (part !== null) {
    const placeholder = document.createElement('div');
    placeholder.className = 'vg-pg-card vg-pg-card-pending';
    placeholder.dataset.part = part;
    placeholder.setAttribute('aria-hidden', 'true');
    slot.append(placeholder);
  }
  host.append(slot);

  let card = null;
  let destroyed = false;
  const recorded = [];
  const deferred = {
    get built() { return card !== null; },
    build() {
      if (card || destroyed) return card;
      slot.replaceChildren();
      card = build(slot);
      for (const [name, args] of recorded.splice(0)) card[name](...args);
      return card;
    },
    destroy() {
      destroyed = true;
      recorded.length = 0;
      if (card) card.destroy();
      slot.remove();
    },
  };
  for (const name of methods) {
    deferred[name] = (...args) => {
      if (card) return card[name](...args);
      if (!destroyed) recorded.push([name, args]);
      return undefined;
    };
  }
  return deferred;
}
