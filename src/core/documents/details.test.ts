import { describe, expect, it } from 'vitest';
import type { CorpusDocument } from '../model';
import { applyOverlays, filterAndSort, validateDetails, editableDetailsOf } from './details';

const base = (id: string, title: string, publication: string | null = null): CorpusDocument => ({
  id, file: `${id}.txt`, title, publication, author: null, date: null, language: 'en', translation: null, text: `text of ${id}`, hash: `h-${id}`,
});

describe('applyOverlays', () => {
  it('puts edited details over the manifest without touching text or hash, and marks trashed documents', () => {
    const [a, b] = applyOverlays([base('a', 'Manifest title', 'Herald'), base('b', 'Other')], [
      { docId: 'a', details: { title: 'Edited title', publication: null, translation: { from: 'zh', method: 'machine', sourceId: 'b' }, url: 'https://x.example/a' } },
      { docId: 'b', trashedAt: '2026-11-30T17:00:00Z' },
    ]);
    expect(a).toMatchObject({ title: 'Edited title', publication: null, text: 'text of a', hash: 'h-a', url: 'https://x.example/a', trashedAt: null });
    expect(a!.translation).toEqual({ from: 'zh', method: 'machine', sourceId: 'b' });
    expect(b).toMatchObject({ title: 'Other', trashedAt: '2026-11-30T17:00:00Z', url: null });
  });
  it('an empty edited title falls back to the default', () => {
    expect(applyOverlays([base('a', 'Default')], [{ docId: 'a', details: { title: ' ' } }])[0]!.title).toBe('Default');
  });
});

describe('validateDetails', () => {
  it('names each problem', () => {
    const d = { ...editableDetailsOf(base('a', 'T')), url: null };
    expect(validateDetails(d, 'a')).toEqual([]);
    expect(validateDetails({ ...d, title: '', date: '17/03/2026', url: 'javascript:alert(1)', language: 'English', translation: { from: 'zh', method: 'human', sourceId: 'a' } }, 'a')).toEqual([
      'The title cannot be empty.',
      'The date must be a year or a date like 2026-03-17.',
      'The URL must start with http:// or https://.',
      'The language must be a code like en, zh or pt-BR.',
      'A document cannot be a translation of itself.',
    ]);
  });
});

describe('filterAndSort', () => {
  const docs = applyOverlays([base('1', 'Flood wall approved', 'Coastal Herald'), base('2', 'Ferry fares', 'Harbour Times'), base('3', 'Lakes report', null)], [
    { docId: '2', origin: { name: 'f.md', type: 'text/markdown', size: 1, sha256: 'x', method: 'm', encoding: null, importedAt: '2026-11-30T10:00:00Z' } },
    { docId: '3', origin: { name: 'l.pdf', type: 'application/pdf', size: 1, sha256: 'y', method: 'p', encoding: null, importedAt: '2026-11-30T11:00:00Z' } },
  ]);
  it('filters by every word of the title or publication, case-insensitively', () => {
    expect(filterAndSort(docs, 'herald', 'title').map((d) => d.id)).toEqual(['1']);
    expect(filterAndSort(docs, 'FARES harbour', 'title').map((d) => d.id)).toEqual(['2']);
    expect(filterAndSort(docs, 'nothing', 'title')).toEqual([]);
  });
  it('sorts by title, date added, publication and annotation count', () => {
    expect(filterAndSort(docs, '', 'title').map((d) => d.id)).toEqual(['2', '1', '3']);
    expect(filterAndSort(docs, '', 'added').map((d) => d.id)).toEqual(['3', '2', '1']);
    expect(filterAndSort(docs, '', 'publication').map((d) => d.id)).toEqual(['1', '2', '3']);
    expect(filterAndSort(docs, '', 'annotations', (id) => ({ '1': 1, '2': 5, '3': 0 })[id] ?? 0).map((d) => d.id)).toEqual(['2', '1', '3']);
  });
});
