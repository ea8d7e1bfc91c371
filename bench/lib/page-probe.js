// Injected into every benchmark page before the app runs (addInitScript): records the app's 'cd:*'
// performance marks with the time of the frame after each, long tasks, and the input events that
// start an operation (key presses, file choices, clicks). Read back as window.__bench.
(() => {
  const bench = { marks: [], longtasks: [], keydowns: [], fileChanges: [], clicks: [] };
  Object.defineProperty(window, '__bench', { value: bench });

  /** Resolves with performance.now() just after the next frame is produced (rAF, then a task). */
  const afterFrame = () =>
    new Promise((resolve) =>
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => resolve(performance.now());
        ch.port2.postMessage(0);
      }),
    );
  bench.afterFrame = afterFrame;

  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longtasks.push({ start: e.startTime, dur: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    bench.noLongtasks = true;
  }

  // Wrap performance.mark so each 'cd:' mark is seen synchronously (observers deliver late).
  const mark = performance.mark.bind(performance);
  performance.mark = function (name, options) {
    const entry = mark(name, options);
    if (typeof name === 'string' && name.startsWith('cd:')) {
      let detail = null;
      try {
        detail = options && options.detail ? JSON.parse(JSON.stringify(options.detail)) : null;
      } catch {
        detail = null;
      }
      const rec = { name, t: entry.startTime, detail, frame: null };
      bench.marks.push(rec);
      afterFrame().then((f) => {
        rec.frame = f;
      });
    }
    return entry;
  };

  addEventListener('keydown', (e) => bench.keydowns.push({ t: e.timeStamp, key: e.key }), true);
  document.addEventListener(
    'change',
    (e) => {
      if (e.target instanceof HTMLInputElement && e.target.type === 'file') bench.fileChanges.push({ t: e.timeStamp, now: performance.now() });
    },
    true,
  );
  addEventListener(
    'click',
    (e) => {
      const b = e.target instanceof Element ? e.target.closest('button') : null;
      bench.clicks.push({ t: e.timeStamp, text: b ? (b.textContent || '').trim() : '' });
    },
    true,
  );
})();
