import type { Page } from '@playwright/test';

/** A text as an import stores it in the app's database ('docTexts'). */
export interface StoredTextRow {
  id: string;
  file: string;
  title: string;
  text: string;
  hash: string;
  importedAt: string;
  words: number;
}

/** Puts these rows into 'docTexts' in one transaction, from the page. */
export function putStoredTexts(page: Page, rows: StoredTextRow[]): Promise<void>;
