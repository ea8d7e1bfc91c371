// Bring-your-own documents, the pure part: the imported-document model, encoding choice, text
// normalisation, PDF paragraph rebuilding and ZIP checks. The library-bound readers live in the renderer.
export * from './encoding';
export * from './imported-document';
export * from './pdf-paragraphs';
export * from './text';
export * from './zip';
export * from './details';
