// W3C Web Annotation: build (export), parse (any producer, Hypothesis included), resolve (place on documents).
export * from './build';
export * from './parse';
export * from './resolve';
export { annotationIri, idFromAnnotationIri } from '../iri';
