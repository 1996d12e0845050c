// The playground's network card: the running network drawn as layers of units with links
// (../classroom/network-diagram.js), unit by unit for depth <= 8 and width <= 8 on a 2-D data set,
// else one column per layer coloured by its gradient norm. The unit view comes from the core's
// network_view, which the runner fetches beside the steps a few times a second (runner.js); the
// column view needs only the snapshot's telemetry.
import { registerStrings, t } from '../i18n.js';
import { createCard, downloadCanvas } from '../ui/card.js';
import { planeExtent } from '../charts/boundary-plane.js';
import { renderDataTable } from '../charts/data-table.js';
import { createNetworkDiagram, drawsUnits, NETWORK_VIEW_RESOLUTION } from '../classroom/network-diagram.js';

registerStrings({
  ko: {
    'pg.network.title': '신경망',
    'pg.network.description': '층마다 유닛을 그리고, 유닛 안에는 입력 평면 위에서의 출력을, 연결선에는 가중치의 크기(굵기)와 최근 스텝의 기울기 크기(색)를 그립니다. 깊이나 너비가 8을 넘으면 층마다 한 열입니다.',
  },
  en: {
    'pg.network.title': 'The network',
    'pg.network.description': 'Units layer by layer: inside each unit its output over the input plane; on each link the weight’s size (width) and the latest step’s gradient size (colour). Deeper or wider than 8: one column per layer.',
  },
});

export function createNetworkChart(parent, { getState }) {
  const card = createCard(parent, {
    titleKey: 'pg.network.title',
    descriptionKey: 'pg.network.description',
    part: 'network',
    onExportPng: () => downloadCanvas(diagram.canvas, 'network.png'),
  });
  const diagram = createNetworkDiagram(card.body);
  let data = null;
  let latest = null;

  function unitsWanted(forData) {
    const { depth, width, network_hide: hidden } = getState();
    return !hidden && Boolean(forData) && drawsUnits({ depth, width, inputDim: forData.inputDim });
  }

  function showColumns(snapshot) {
    const reasonKey = data && data.inputDim !== 2 ? 'net.fallback.plane' : 'net.fallback.large';
    diagram.showLayers(snapshot.telemetry.grad_w_norm, { reasonKey, step: snapshot.stats.step });
  }

  return {
    card,
    get canvas() { return diagram.canvas; },
    // The arguments of run.networkView for `forData` (the current run's data by default), or null
    // when the card draws columns (too large, not 2-D, hidden).
    viewArgs(forData = data) {
      if (!unitsWanted(forData)) return null;
      const { x0, x1, y0, y1 } = planeExtent(forData);
      return [NETWORK_VIEW_RESOLUTION, x0, x1, y0, y1];
    },
    setData(newData) {
      data = newData;
      latest = null;
      diagram.clear();
    },
    // A snapshot and, when one was fetched with it, the core's network view for the same step.
    update(snapshot, view) {
      latest = snapshot;
      if (view && !view.error && unitsWanted(data)) {
        const { act_lo: actLo, act_hi: actHi } = snapshot.histRanges;
        diagram.showUnits(view, { actLo, actHi, gradNorms: snapshot.telemetry.grad_w_norm, step: snapshot.stats.step });
      } else if (!unitsWanted(data) || view?.error || diagram.shown?.kind !== 'units') {
        showColumns(snapshot);
      }
      card.figure.dataset.step = String(snapshot.stats.step);
    },
    relabel() {
      card.relabel();
      diagram.relabel();
    },
    renderTable() {
      renderDataTable(card.tableHost, t('net.table.caption'), [t('net.table.layer'), t('net.table.grad')], latest ? diagram.tableRows() : []);
    },
    clear() {
      latest = null;
      diagram.clear();
      card.tableHost.replaceChildren();
    },
    destroy() {
      diagram.destroy();
      card.figure.remove();
    },
  };
}
