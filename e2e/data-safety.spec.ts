// Data safety in the browser build: storage failures (a database from a newer version, storage that
// refuses to open, an upgrade blocked by another window, a full quota) show a clear message with a way
// out, never a blank window; the export reminder and persistent-storage status; malformed imports
// (F5) rejected by name with nothing written. Each test prints its figure.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { TITLES, openApp, openDocument, selectWithMouse, storedAnnotations } from './helpers';

const SETUP_URL = '/__data-safety-setup';

/** A blank page of the app's origin (served by the test, so the app does not run and open its database). */
async function openSetupPage(page: Page): Promise<void> {
  await page.route(`**${SETUP_URL}`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>setup</title>' }));
  await page.goto(SETUP_URL);
}

/** Every store of the 'claimdesk' database, read raw, as canonical JSON (what a checksum would cover). */
async function dumpDb(page: Page): Promise<{ version: number; json: string; rows: number }> {
  return page.evaluate(
    () =>
      new Promise<{ version: number; json: string; rows: number }>((resolve, reject) => {
        const req = indexedDB.open('claimdesk');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const names = [...db.objectStoreNames].sort();
          const out: Record<string, unknown[]> = {};
          if (names.length === 0) {
            db.close();
            return resolve({ version: db.version, json: '{}', rows: 0 });
          }
          const tx = db.transaction(names, 'readonly');
          for (const n of names) {
            const r = tx.objectStore(n).getAll();
            r.onsuccess = () => (out[n] = r.result);
          }
          tx.oncomplete = () => {
            db.close();
            resolve({ version: db.version, json: JSON.stringify(out), rows: Object.values(out).reduce((k, l) => k + l.length, 0) });
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

async function importFileNamed(page: Page, name: string, content: string | Buffer): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('toolbar', { name: 'Main' }).getByRole('button', { name: 'Import' }).click();
  await (await chooser).setFiles({ name, mimeType: 'application/json', buffer: typeof content === 'string' ? Buffer.from(content) : content });
}

test('D2 in the app: a database from a newer version is refused with a clear message, left untouched, and can be exported', async ({ page }) => {
  await openSetupPage(page);
  // Claimdesk schema version 4 (IndexedDB version 40) with a store this app does not know.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('claimdesk', 40);
        req.onupgradeneeded = () => {
          const db = req.result;
          const buckets = db.createObjectStore('buckets', { keyPath: 'key' });
          buckets.createIndex('docId', 'docId');
          buckets.createIndex('bucket', 'bucket');
          db.createObjectStore('docStats', { keyPath: 'docId' });
          db.createObjectStore('docTexts', { keyPath: 'id' });
          db.createObjectStore('settings', { keyPath: 'key' });
          db.createObjectStore('meta', { keyPath: 'key' });
          db.createObjectStore('future', { keyPath: 'id' });
          const tx = req.transaction!;
          tx.objectStore('buckets').put({ key: 'doc-a#1', docId: 'doc-a', bucket: 1, items: [{ id: 'n1', note: 'from the future 𝒜' }] });
          tx.objectStore('docStats').put({ docId: 'doc-a', total: 1, sourced: 1, contested: 0, contradicted: 0, translationErrors: 0, orphans: 0 });
          tx.objectStore('meta').put({ key: 'lastChangeAt', value: '2030-01-01T00:00:00.000Z' });
          tx.objectStore('future').put({ id: 1, shape: 'unknown to v1' });
        };
        req.onsuccess = () => {
          req.result.close();
          resolve();
        };
        req.onerror = () => reject(req.error);
      }),
  );
  const before = await dumpDb(page);
  await page.goto('/');
  const alert = page.getByRole('alert');
  await expect(alert.getByRole('heading', { name: 'Claimdesk cannot open its storage' })).toBeVisible();
  await expect(alert).toContainText('made by a newer version of Claimdesk');
  await expect(alert).toContainText('left untouched');
  await expect(page.getByRole('navigation', { name: 'Library' })).toHaveCount(0);

  const downloading = page.waitForEvent('download');
  await alert.getByRole('button', { name: 'Export what can be read' }).click();
  const download = await downloading;
  const rescue = JSON.parse(readFileSync((await download.path())!, 'utf8'));
  await expect(page.getByRole('status')).toContainText('Saved what could be read as claimdesk-rescue.json');
  expect(download.suggestedFilename()).toBe('claimdesk-rescue.json');
  expect(rescue.tables.buckets[0].items[0].note).toBe('from the future 𝒜');
  expect(rescue.tables.future).toEqual([{ id: 1, shape: 'unknown to v1' }]);
  const after = await dumpDb(page);
  expect(after).toEqual(before);
  const rescued = Object.values(rescue.tables as Record<string, unknown[]>).reduce((n, l) => n + l.length, 0);
  console.log(`D2 (app): database at schema v${before.version / 10} refused by v1 with a clear message; ${after.rows} rows unchanged; rescue export holds ${rescued} of ${before.rows} rows`);
});

test('storage failure: storage that refuses to open shows a message and a way out, not a blank window', async ({ page }) => {
  await page.addInitScript(() => {
    IDBFactory.prototype.open = function () {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
  });
  await page.goto('/');
  const alert = page.getByRole('alert');
  await expect(alert.getByRole('heading', { name: 'Claimdesk cannot open its storage' })).toBeVisible();
  await expect(alert).toContainText('The browser refused to open Claimdesk’s storage');
  await expect(alert).toContainText('Allow site data');
  await alert.getByRole('button', { name: 'Export what can be read' }).click();
  await expect(page.getByRole('status')).toContainText('Nothing could be read');
  const message = (await alert.locator('p').first().textContent())!;
  console.log(`Storage (open fails): alert shown, not blank: "${message}"`);
});

test('storage failure: an upgrade blocked by another window says so, then the app opens when it lets go', async ({ page, context }) => {
  // Another tab of the same origin holds an older version open and ignores requests to close it.
  const holder = await context.newPage();
  await openSetupPage(holder);
  await holder.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('claimdesk', 1);
        req.onsuccess = () => {
          const db = req.result;
          db.onversionchange = () => {
            (window as unknown as { __vc: number }).__vc = ((window as unknown as { __vc?: number }).__vc ?? 0) + 1; // refuses: keeps it open
          };
          (window as unknown as { __held: IDBDatabase }).__held = db;
          resolve();
        };
        req.onerror = () => reject(req.error);
      }),
  );
  await page.goto('/');
  const alert = page.getByRole('alert');
  await expect(alert.getByRole('heading', { name: 'Claimdesk is waiting for another window' })).toBeVisible();
  await expect(alert).toContainText('Close the other Claimdesk windows and tabs');
  await expect(alert.getByRole('button', { name: 'Export what can be read' })).toBeVisible();
  const versionChanges = await holder.evaluate(() => (window as unknown as { __vc?: number }).__vc ?? 0);
  expect(versionChanges).toBeGreaterThan(0);
  // The other tab closes: the upgrade goes ahead and the app replaces the message.
  await holder.evaluate(() => (window as unknown as { __held: IDBDatabase }).__held.close());
  await expect(page.getByRole('navigation', { name: 'Library' })).toBeVisible();
  await expect(alert).toHaveCount(0);
  await holder.close();
  console.log(`Storage (blocked): ${versionChanges} versionchange sent to the holding tab, alert "Claimdesk is waiting for another window" shown, app opened once it closed`);
});

test('every connection the app holds lets go when another tab deletes its database: the window, search, the desk and the bulk worker', async ({ page, context }) => {
  test.setTimeout(90_000);
  await openApp(page);
  // A claim, so there is something to export.
  await openDocument(page, TITLES.caravanserai);
  await selectWithMouse(page, "Tashkent also does not recognise Russia's takeover of Crimea in March 2014.");
  await page.keyboard.press('2');
  await expect.poll(async () => (await storedAnnotations(page)).length).toBe(1);
  // Search (its worker reads texts from the database) and the claims desk (its worker watches it).
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+K');
  await page.getByRole('searchbox', { name: 'Search the library' }).fill('Tashkent');
  await expect(page.getByRole('status').filter({ hasText: 'for “Tashkent”' })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Alt+Shift+D');
  await expect(page.getByRole('heading', { name: 'Claims desk' })).toBeVisible();
  // An export (the bulk worker), and the check of the whole store it runs 5 s after the app opened.
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Claimdesk JSON' }).click();
  await download;
  await expect(dialog.getByRole('status')).toContainText('1 annotation exported');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.waitForTimeout(5500);

  // Another tab deletes the database: it must not wait on any of this window's connections.
  const other = await context.newPage();
  await openSetupPage(other);
  const t0 = Date.now();
  const outcome = await other.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const timer = setTimeout(() => resolve('still waiting after 20 s'), 20_000);
        const req = indexedDB.deleteDatabase('claimdesk');
        req.onsuccess = () => {
          clearTimeout(timer);
          resolve('deleted');
        };
        req.onerror = () => resolve(`failed: ${req.error?.message}`);
      }),
  );
  expect(outcome).toBe('deleted');
  // The window says why it let go.
  await expect(page.getByRole('heading', { name: 'Claimdesk was updated in another window' })).toBeVisible();
  console.log(`Storage (deleted elsewhere): every connection let go; deleted in ${Date.now() - t0} ms`);
});

test('storage failure: quota exceeded on a write says what was not saved and why, writes nothing, and the app stays usable', async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __quotaFull: boolean; __quotaRefusals: number };
    w.__quotaFull = false;
    w.__quotaRefusals = 0;
    for (const method of ['put', 'add'] as const) {
      const original = IDBObjectStore.prototype[method];
      IDBObjectStore.prototype[method] = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
        if (w.__quotaFull) {
          w.__quotaRefusals++;
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        }
        return original.apply(this, args);
      } as IDBObjectStore['put'];
    }
  });
  await openApp(page);
  await openDocument(page, TITLES.eurasianet);
  await selectWithMouse(page, 'Three days later');
  await page.keyboard.press('1');
  await expect.poll(async () => (await storedAnnotations(page)).length).toBe(1);
  const before = await dumpDb(page);

  await page.evaluate(() => ((window as unknown as { __quotaFull: boolean }).__quotaFull = true));
  await selectWithMouse(page, 'The countries’ top diplomats last met it 2021.');
  await page.keyboard.press('2');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Could not save the annotation');
  await expect(alert).toContainText('storage quota is full');
  await expect(alert).toContainText('Nothing was half-saved');
  const message = (await alert.textContent())!.replace(/\s*Dismiss$/, '');
  // The optimistic highlight is withdrawn; nothing of the failed write is in any table.
  await expect(page.getByRole('region', { name: 'Reader' }).locator('.highlight-markers').getByRole('button', { name: /^Contested claim/ })).toHaveCount(0);
  const refusals = await page.evaluate(() => (window as unknown as { __quotaRefusals: number }).__quotaRefusals);
  expect(refusals).toBeGreaterThan(0);
  await page.evaluate(() => ((window as unknown as { __quotaFull: boolean }).__quotaFull = false));
  const during = await dumpDb(page);
  expect(during.json).toBe(before.json);

  // Space freed: dismiss, tag again, it is saved.
  await alert.getByRole('button', { name: 'Dismiss' }).click();
  await selectWithMouse(page, 'The countries’ top diplomats last met it 2021.');
  await page.keyboard.press('2');
  await expect.poll(async () => (await storedAnnotations(page)).length).toBe(2);
  await expect(page.getByRole('region', { name: 'Reader' }).locator('.highlight-markers').getByRole('button', { name: /^Contested claim/ })).toBeVisible();
  console.log(`Storage (quota): ${refusals} write(s) refused, 0 rows changed (${before.rows} rows, same JSON), alert: "${message}"; after freeing space the same action saved`);
});

test('backups in the browser: export reminder after a day of unexported changes; persistent storage status in Settings', async ({ page }) => {
  await openApp(page);
  const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000).toISOString();
  await page.evaluate(
    (when) =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('claimdesk');
        req.onsuccess = () => {
          const tx = req.result.transaction('meta', 'readwrite');
          tx.objectStore('meta').put({ key: 'lastChangeAt', value: when });
          tx.objectStore('meta').delete('lastExportAt');
          tx.oncomplete = () => {
            req.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
        req.onerror = () => reject(req.error);
      }),
    twoDaysAgo,
  );
  await page.reload();
  const reminder = page.getByRole('note').filter({ hasText: 'not exported for over a day' });
  await expect(reminder).toBeVisible();
  const reminderText = (await reminder.textContent())!;

  await page.getByRole('toolbar', { name: 'Main' }).getByRole('button', { name: 'Export' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Claimdesk JSON' }).click();
  await downloading;
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(reminder).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Library' })).toBeVisible();
  await expect(page.getByRole('note').filter({ hasText: 'not exported for over a day' })).toHaveCount(0);

  await page.getByRole('toolbar', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  const storage = settings.getByRole('group', { name: 'Storage' }).getByRole('status');
  await expect(storage).toHaveText(/^Persistent storage (granted|not granted)/);
  const persisted = await page.evaluate(() => navigator.storage.persisted());
  const status = (await storage.textContent())!;
  expect(status.startsWith(persisted ? 'Persistent storage granted' : 'Persistent storage not granted')).toBe(true);
  console.log(`Backups (browser): reminder shown for a change 2 days old ("${reminderText.trim()}"), gone after exporting Claimdesk JSON and after reload; Settings says "${status}" (navigator.storage.persisted() = ${persisted})`);
});

test('F5 end to end: malformed files are rejected by name, nothing is written, the app stays usable', async ({ page }) => {
  await openApp(page);
  const now = '2025-03-01T10:00:00.000Z';
  const annotation = (id: string, exact: string) => ({
    id,
    docId: 'f5-unplaced',
    kind: 'claim',
    verdict: 'contested',
    translation: null,
    quote: { type: 'TextQuoteSelector', exact, prefix: '', suffix: '' },
    position: { type: 'TextPositionSelector', start: 0, end: exact.length },
    docHash: '',
    orphan: true,
    note: 'kept',
    sources: [],
    author: 'F5',
    createdAt: now,
    updatedAt: now,
    history: [],
  });
  const valid = JSON.stringify({ format: 'claimdesk', version: 1, appVersion: '0.1.0', exportedAt: now, documents: [], annotations: [annotation('f5-1', 'first 𝒜'), annotation('f5-2', 'second')] });

  // A valid file behind a UTF-8 byte order mark imports fine.
  await importFileNamed(page, 'with-bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(valid)]));
  await expect(page.getByRole('status')).toContainText('Imported with-bom.json: 2 added');
  expect(await storedAnnotations(page)).toHaveLength(2);
  const baseline = await dumpDb(page);

  const deep = 100_000;
  const cases: Array<{ name: string; content: Buffer; expect: RegExp }> = [
    { name: 'truncated.json', content: Buffer.from(valid.slice(0, Math.floor(valid.length * 0.6))), expect: /truncated\.json was not imported: not valid JSON/ },
    { name: 'invalid-utf8.json', content: Buffer.concat([Buffer.from(valid.slice(0, 40)), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from(valid.slice(40))]), expect: /invalid-utf8\.json.*not valid UTF-8/ },
    { name: 'proto.json', content: Buffer.from(valid.replace('{"format"', '{"__proto__":{"polluted":true},"format"')), expect: /proto\.json was not imported: .*__proto__/ },
    {
      name: 'proto-in-annotation.json',
      content: Buffer.from(valid.replace('"note":"kept"', '"note":"kept","__proto__":{"isAdmin":true}')),
      expect: /proto-in-annotation\.json was not imported: .*annotations\[0\].*__proto__/,
    },
    { name: 'deep.json', content: Buffer.from(`${'['.repeat(deep)}${']'.repeat(deep)}`), expect: /deep\.json was not imported: .*(deep|nest|array|not a Claimdesk)/i },
    {
      name: 'deep-in-annotations.json',
      content: Buffer.from(valid.replace('"annotations":[', `"annotations":[${'['.repeat(deep)}${']'.repeat(deep)},`)),
      expect: /deep-in-annotations\.json was not imported: .*annotations\[0\]/,
    },
    { name: 'wrong-types.json', content: Buffer.from(valid.replace('"exact":"second"', '"exact":42')), expect: /wrong-types\.json was not imported: .*annotations\[1\]\.quote\.exact/ },
    { name: 'empty.json', content: Buffer.alloc(0), expect: /empty\.json was not imported: not valid JSON: the file is empty/ },
  ];
  const messages: string[] = [];
  for (const c of cases) {
    await importFileNamed(page, c.name, c.content);
    const alert = page.getByRole('alert');
    await expect(alert, c.name).toContainText(c.expect, { timeout: 15_000 });
    await expect(alert).toContainText('Nothing was changed');
    const text = (await alert.textContent())!.replace(/\s*Dismiss$/, '');
    messages.push(`${c.name}: ${text.length > 160 ? `${text.slice(0, 157)}…` : text}`);
    expect((await dumpDb(page)).json, `${c.name} must write nothing`).toBe(baseline.json);
    await alert.getByRole('button', { name: 'Dismiss' }).click();
  }
  const polluted = await page.evaluate(() => ({ a: ({} as Record<string, unknown>).polluted, b: ({} as Record<string, unknown>).isAdmin }));
  expect(polluted).toEqual({ a: undefined, b: undefined });

  // Still usable: tag a sentence with the mouse.
  await openDocument(page, TITLES.eurasianet);
  await selectWithMouse(page, 'Three days later');
  await page.keyboard.press('1');
  await expect.poll(async () => (await storedAnnotations(page)).length).toBe(3);
  console.log(messages.map((m) => `  ${m}`).join('\n'));
  console.log(`F5 (app): ${cases.length} malformed files rejected with a message naming the problem, 1 BOM-prefixed valid file imported, 0 partial writes (${baseline.rows} rows unchanged), 0 prototype pollution, app usable afterwards`);
});
