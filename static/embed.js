// Sizes every <iframe data-revenue-model> on the page to the revenue model inside it: the
// widget posts { type: "revenue-model:height", height } to its parent whenever its height
// changes. Only messages from the frame's own window are used. No dependencies.
(function () {
  'use strict';
  var MIN = 200;
  var MAX = 20000;
  addEventListener('message', function (event) {
    var data = event.data;
    if (!data || data.type !== 'revenue-model:height' || typeof data.height !== 'number' || !isFinite(data.height)) {
      return;
    }
    var frames = document.querySelectorAll('iframe[data-revenue-model]');
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = Math.ceil(Math.min(MAX, Math.max(MIN, data.height))) + 'px';
        return;
      }
    }
  });
})();
