// The app's model: documents and annotations.
export * from './annotation';
export * from './document';
export * from './hash';
export * from './mqm';
export * from './corrections';
export * from './edit';
export * from './reviewer';
export * from './claims';
export * from './plural';
