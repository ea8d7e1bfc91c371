// IRIs that leave the app in an export: annotation ids, and the one rule for which link addresses may
// be written where a consumer would follow them (never javascript:, vbscript: or data:).

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const ABSOLUTE_IRI = /^[a-z][a-z0-9+.-]*:\S+$/i;
const ID_PREFIX = 'urn:claimdesk:annotation:';
export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Schemes a browser or viewer would run or inline rather than link to. Browsers drop ASCII tabs and
 * newlines inside a URL and ignore leading controls and spaces, so those are removed before checking
 * ("java\tscript:" is javascript:).
 */
const SCRIPT_SCHEMES = /^(?:javascript|vbscript|data):/i;

function normalisedForScheme(iri: string): string {
  return iri.replace(/[\u0000-\u0020\u007f]/g, '');
}

/** True for an absolute IRI that is not a script or inline-data scheme. */
export function isSafeIri(iri: string): boolean {
  return ABSOLUTE_IRI.test(iri) && !SCRIPT_SCHEMES.test(normalisedForScheme(iri));
}

/** True for an absolute http(s) URL with a host: what a published page's address must be. */
export function isHttpUrl(url: string): boolean {
  return /^https?:\/\/[^\s/?#@]+(?:[/?#]\S*)?$/i.test(url) && isSafeIri(url);
}

export function annotationIri(id: string): string {
  if (UUID.test(id)) return `urn:uuid:${id}`;
  if (isSafeIri(id) && !id.startsWith('urn:uuid:') && !id.startsWith(ID_PREFIX)) return id;
  return ID_PREFIX + encodeURIComponent(id.replace(LONE_SURROGATE, '\ufffd'));
}

export function idFromAnnotationIri(iri: string): string {
  if (iri.startsWith('urn:uuid:')) return iri.slice('urn:uuid:'.length);
  if (iri.startsWith(ID_PREFIX)) {
    try {
      return decodeURIComponent(iri.slice(ID_PREFIX.length));
    } catch {
      return iri.slice(ID_PREFIX.length);
    }
  }
  return iri;
}

/** JSON meant to sit inside an HTML <script> element: `<`, `>`, `&` and the JS line separators escaped. */
export function jsonForScriptElement(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
