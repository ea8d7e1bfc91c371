// Import and export formats: native JSON, W3C Web Annotation, ClaimReview, CSV, review reports.
export * from './result';
export * from './offsets';
export * from './json-text';
export * from './native';
export * from './merge';
export * from './w3c/index';
export * from './claimreview';
export * from './csv';
export * from './report';
export * from './import-file';
export * from './native-import';
export * from './iri';
export * from './native-schema';
export * from './repair';
export * from './text-origin';
