// Library rows: flat, or grouped with a header per group, counts and positions for assistive technology.
import { describe, expect, it } from 'vitest';
import type { CorpusDocument } from '../../../core/model';
import { CORPUS_FOLDER, NO_FOLDER, UNKNOWN_PUBLICATION, folderGroup, groupRows, publicationGroup } from './library-rows';

const doc = (id: string, publication: string | null): CorpusDocument => ({ id, file: `${id}.txt`, title: id, text: '', hash: id, publication, author: null, date: null, language: 'en', translation: null });

describe('groupRows', () => {
  const docs = [doc('a', 'Lake Review'), doc('b', null), doc('c', 'Coastal Herald'), doc('d', 'Lake Review')];

  it('lists documents in their order when not grouped', () => {
    expect(groupRows(docs, null).map((r) => (r.kind === 'doc' ? `${r.doc.id}${r.position}` : r.label))).toEqual(['a0', 'b1', 'c2', 'd3']);
  });

  it('groups by publication, groups by name with the unknown one last, documents keep their order inside', () => {
    const rows = groupRows(docs, publicationGroup);
    expect(rows.map((r) => (r.kind === 'doc' ? `${r.doc.id}${r.position}` : `${r.label}:${r.count}`))).toEqual([
      'Coastal Herald:1',
      'c0',
      'Lake Review:2',
      'a1',
      'd2',
      `${UNKNOWN_PUBLICATION}:1`,
      'b3',
    ]);
  });

  it('groups by folder: the corpus first, folders by name, files without a folder last', () => {
    const origin = (folder: string | null) => ({ origin: { folder } });
    expect(folderGroup(origin('/x/inbox'), false)).toBe('/x/inbox');
    expect(folderGroup(origin(null), false)).toBe(NO_FOLDER);
    expect(folderGroup({}, true)).toBe(CORPUS_FOLDER);
    const folders: Record<string, string> = { a: '/z', b: NO_FOLDER, c: CORPUS_FOLDER, d: '/a' };
    expect(groupRows(docs, (d) => folders[d.id]!).flatMap((r) => (r.kind === 'group' ? [r.label] : []))).toEqual([CORPUS_FOLDER, '/a', '/z', NO_FOLDER]);
  });
});
