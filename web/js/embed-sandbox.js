// embed.html inside <iframe sandbox="allow-scripts"> without allow-same-origin has an opaque origin:
// its modules, its worker and the WebAssembly cannot load, so this says which flag the embedding
// page needs. A classic script on purpose (an opaque origin can still load one; modules need CORS).
// A file:// page is opaque too, but is not sandboxed.
(function () {
  if (window.origin !== 'null' || window.location.protocol === 'file:') return;
  var english = /(^|[?#&])lang=en(&|$)/.test(window.location.search + window.location.hash);
  var box = document.createElement('div');
  box.className = 'embed-message embed-sandboxed';
  box.setAttribute('role', 'alert');
  var text = document.createElement('p');
  text.textContent = english
    ? 'This figure cannot run in this frame: its sandbox attribute lacks allow-same-origin, which the figure needs to load its computation engine. The embedding page can use:'
    : '이 그림은 이 프레임 안에서 실행될 수 없습니다. iframe의 sandbox 속성에 allow-same-origin이 없어 계산 엔진을 불러올 수 없습니다. 글을 싣는 쪽에서 다음처럼 지정해 주세요:';
  var code = document.createElement('code');
  code.textContent = 'sandbox="allow-scripts allow-same-origin"';
  box.append(text, code);
  document.getElementById('embed-root').replaceChildren(box);
  document.documentElement.dataset.sandboxed = 'true';
})();
