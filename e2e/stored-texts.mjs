// Writes document texts into the app's database as an import stores them (the 'docTexts' table),
// from the page, without going through the app: for tests and benchmarks of large libraries. The
// window lists them on its next start.

/** Puts these rows (DocTextRow, src/renderer/db/schema.ts) into 'docTexts' in one transaction. */
export async function putStoredTexts(page, rows) {
  await page.evaluate(async (rows) => {
    const db = await new Promise((resolve, reject) => {
      const r = indexedDB.open('claimdesk');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    try {
      const tx = db.transaction(['docTexts'], 'readwrite');
      for (const row of rows) tx.objectStore('docTexts').put(row);
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
    } finally {
      db.close();
    }
  }, rows);
}
