// Per-field merge, provenance and the Yjs layout of a document's annotations (issue 15).
export * from './entries';
export * from './merge';
export * from './ydoc';
export * from './plain-import';
