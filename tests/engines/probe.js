// Loaded first by the page under test in every engine (the suite serves index.html with
// this script added before the widget's own): records what WebDriver cannot report in
// every engine, namely console errors, uncaught errors and rejections, failed loads of
// scripts, styles and images, Content-Security-Policy violations, and the simulation
// worker's messages and errors. The suite reads `window.__engineProbe`.
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
