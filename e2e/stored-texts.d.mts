import type { Page } from '@playwright/test';
import type { DocTextRow } from '../src/renderer/db/schema';

/** Puts these rows into 'docTexts' in one transaction, from the page. */
export function putStoredTexts(page: Page, rows: DocTextRow[]): Promise<void>;
