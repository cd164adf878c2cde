// Loaded first by the page under test in every engine (the suite serves index.html with
// this script added before the widget's own): records what WebDriver cannot report in
// every engine, namely console errors, uncaught errors and rejections, failed loads of
// scripts, styles and images, Content-Security-Policy violations, and the simulation
// worker's messages and errors. The suite reads them, and the widget's state, with
// `window.__engineProbe.read()`.
(function () {
  'use strict';
  var probe = { errors: [], workers: [] };
  window.__engineProbe = probe;

  var describe = function (value) {
    if (value && value.stack) {
      return String(value.stack);
    }
    try {
      return typeof value === 'string' ? value : JSON.stringify(value);
    } catch (e) {
      return String(value);
    }
  };

  var consoleError = console.error;
  console.error = function () {
    probe.errors.push('console.error: ' + Array.prototype.map.call(arguments, describe).join(' '));
    return consoleError.apply(console, arguments);
  };

  addEventListener(
    'error',
    function (event) {
      var target = event.target;
      if (target && target !== window && (target.src || target.href)) {
        probe.errors.push('failed to load ' + (target.src || target.href));
      } else {
        probe.errors.push('uncaught: ' + (event.message || describe(event.error)) +
          ' (' + event.filename + ':' + event.lineno + ')');
      }
    },
    true,
  );
  addEventListener('unhandledrejection', function (event) {
    probe.errors.push('unhandled rejection: ' + describe(event.reason));
  });
  addEventListener('securitypolicyviolation', function (event) {
    probe.errors.push('CSP: ' + event.effectiveDirective + ' blocked ' + (event.blockedURI || '(inline)'));
  });

  // What the suite reads from the page (see tests/engines/support.mjs).
  probe.read = function () {
    var text = function (selector) {
      var element = document.querySelector(selector);
      return element ? element.textContent.replace(/\s+/g, ' ').trim() : null;
    };
    var status = document.querySelector('.rm-status');
    // Only the charts on screen: a chart in a hidden tab panel has no box until shown.
    var shown = Array.prototype.filter.call(document.querySelectorAll('canvas.rm-chart'), function (canvas) {
      return canvas.getClientRects().length > 0;
    });
    var charts = shown.map(function (canvas) {
      var state = {
        cssWidth: canvas.getBoundingClientRect().width,
        width: canvas.width,
        height: canvas.height,
        drawn: false,
        hash: 0,
        pending: canvas.dataset.pending === 'true',
      };
      var context = canvas.width > 0 && canvas.height > 0 ? canvas.getContext('2d') : null;
      if (context) {
        // One 32-bit word per pixel: drawn when any pixel differs from the first.
        var pixels = new Uint32Array(context.getImageData(0, 0, canvas.width, canvas.height).data.buffer);
        var first = pixels[0];
        var hash = 0x811c9dc5;
        for (var i = 0; i < pixels.length; i += 1) {
          hash = Math.imul(hash ^ pixels[i], 0x01000193) >>> 0;
          if (pixels[i] !== first) {
            state.drawn = true;
          }
        }
        state.hash = hash;
      }
      return state;
    });
    var foreign = performance
      .getEntries()
      .filter(function (entry) {
        return entry.entryType === 'resource' || entry.entryType === 'navigation';
      })
      .map(function (entry) {
        return entry.name;
      })
      .filter(function (name) {
        return !/^(data|blob):/.test(name) && new URL(name, location.href).origin !== location.origin;
      });
    return {
      path: location.pathname,
      headline: text('.rm-lede'),
      table: text('.rm-article-table'),
      full: status ? status.dataset.full === 'true' : false,
      tab: (function () {
        var selected = document.querySelector('[role=tab][aria-selected=true]');
        return selected ? selected.id : null;
      })(),
      charts: charts,
      errors: probe.errors.slice(),
      workers: probe.workers.map(function (worker) {
        return { url: worker.url, messages: worker.messages, errors: worker.errors };
      }),
      foreign: foreign,
      overflow: document.documentElement.scrollWidth - window.innerWidth,
    };
  };

  var NativeWorker = window.Worker;
  if (typeof NativeWorker === 'function') {
    var Probed = function (url, options) {
      var worker = options === undefined ? new NativeWorker(url) : new NativeWorker(url, options);
      var record = { url: String(url), messages: 0, errors: 0 };
      probe.workers.push(record);
      worker.addEventListener('message', function () {
        record.messages += 1;
      });
      worker.addEventListener('error', function (event) {
        record.errors += 1;
        probe.errors.push('worker error: ' + (event.message || 'the worker failed to load') + ' (' + record.url + ')');
      });
      return worker;
    };
    Probed.prototype = NativeWorker.prototype;
    window.Worker = Probed;
  }
})();
