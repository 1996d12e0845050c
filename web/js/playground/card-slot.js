// A chart card's place in the playground's grid, made before any card is built, and the card built
// in it now or later. All the places exist first so that every card is built at the width it keeps
// (a card built into a grid still growing was laid out again, and its chart redrawn, a frame later).
// The gradient card (and the boundary and network, which the session asks for the first run's grid
// and network view) are built at once; the others after the first gradient frame: building every
// card up front held the first chart back, since constructing a Chart.js chart measures its canvas
// and its fonts (bench: first gradient chart, alternating builds, tests/bench/README.md).
//
//   const slot = cardSlot(host, part, (parent) => createLossChart(parent, history), ['draw', ...]);
//   slot.draw(...)   // before build(): recorded; after: the card's own method
//   slot.build()     // builds the card in its place, replays the recorded calls in order, returns it
//
// Until built, the place holds an empty card of the same part (its grid cell and its height, hidden
// with it by the embed's *_hide flags), so the cards around it do not move when it arrives; part null
// is a card that starts hidden (the forward norms, shown after a divergence): nothing holds its place.
// destroy() before build() cancels it.
export function cardSlot(host, part, build, methods = []) {
  const slot = document.createElement('div');
  slot.className = 'vg-pg-card-slot';
  if (part !== null) {
    const emptyCard = document.createElement('div');
    emptyCard.className = 'vg-pg-card vg-pg-card-pending';
    emptyCard.dataset.part = part;
    emptyCard.setAttribute('aria-hidden', 'true');
    slot.append(emptyCard);
  }
  host.append(slot);

  let card = null;
  let destroyed = false;
  const recorded = [];
  const slotApi = {
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
    slotApi[name] = (...args) => {
      if (card) return card[name](...args);
      if (!destroyed) recorded.push([name, args]);
      return undefined;
    };
  }
  return slotApi;
}
