// W3C Web Annotation (JSON-LD) export: offsets in code points outside, UTF-16 inside.
//
// Mapping (documented in docs/adr/0008-exchange-formats.md and 0012):
// - id: urn:uuid:<id> for UUIDs, safe absolute IRIs as they are, else urn:claimdesk:annotation:<percent-encoded id>.
// - motivation: 'editing' for a translation error with a correction, 'commenting' for a comment, else 'assessing'.
// - bodies: verdict as a tagging TextualBody ('sourced'...), MQM as tagging bodies 'mqm:<dimension>[/<subtype>]'
//   and 'mqm-severity:<severity>', the note as 'commenting', the correction as 'editing' (in the document's
//   language), each source as a 'linking' SpecificResource (source = url when it is a safe IRI; dc:title;
//   claimdesk:accessed; its quote as a TextQuoteSelector).
// - target: source urn:sha256:<hash of the text the selectors were made against>, format text/plain, the
//   document's language, dc:title, claimdesk:file, claimdesk:docId, selectors TextQuote + TextPosition (code
//   points). When that text is not at hand (a stale orphan) or the stored offsets split a character, the app's
//   own offsets travel too as claimdesk:utf16Position, so a round trip never shifts them.
// - replies: separate annotations with motivation 'replying' whose target is the annotation they answer.
// - extensions in https://claimdesk.app/ns# (prefix claimdesk): kind, orphan, history (history positions stay
//   in UTF-16 units of the text named by each entry's docHash), textChanged, candidates, publishedUrl; the
//   workflow (status, assignee, due) and the link: claimId, the same on every appearance of a linked claim
//   (one annotation per appearance), and claimWording, the claim's canonical wording. The
//   history entries' keys are defined in the extension context so they survive JSON-LD expansion.
import type { AnchorHistoryEntry, Annotation, AnnotationKind, AnnotationReply, MqmDimension, TextPositionSelector, TextQuoteSelector } from '../../model/annotation';
import { splitsSurrogatePair } from '../../anchoring/offsets';
import { sha256Hex } from '../../model/hash';
import { reviewerId } from '../../model/reviewer';
import { ABSOLUTE_IRI, LONE_SURROGATE, annotationIri, isSafeIri } from '../iri';
import { compareForExport } from '../native';
import { createOffsetConverter, type OffsetConverter } from '../offsets';

export const W3C_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
export const CLAIMDESK_NS = 'https://claimdesk.app/ns#';

/** The extension context: the prefix, and the terms inside history entries (so expansion keeps them). */
export const CLAIMDESK_CONTEXT = {
  claimdesk: CLAIMDESK_NS,
  quote: 'claimdesk:quote',
  position: 'claimdesk:position',
  docHash: 'claimdesk:docHash',
  replacedAt: { '@id': 'claimdesk:replacedAt', '@type': 'http://www.w3.org/2001/XMLSchema#dateTime' },
  'claimdesk:history': { '@id': 'claimdesk:history', '@container': '@list' },
} as const;

export interface W3CTextualBody {
  type: 'TextualBody';
  purpose: 'tagging' | 'commenting' | 'editing' | 'replying';
  value: string;
  format: 'text/plain';
  language?: string;
}

export interface W3CLinkBody {
  type: 'SpecificResource';
  purpose: 'linking';
  source: string;
  'dc:title': string;
  /** The url exactly as typed, when it is not a safe absolute IRI and `source` had to be a placeholder. */
  'claimdesk:url'?: string;
  'claimdesk:accessed': string;
  selector?: { type: 'TextQuoteSelector'; exact: string };
}

export interface W3CTarget {
  source: string;
  format: 'text/plain';
  language?: string;
  'dc:title'?: string;
  'claimdesk:file'?: string;
  'claimdesk:docId': string;
  'claimdesk:utf16Position'?: { start: number; end: number };
  selector: Array<TextQuoteSelector | TextPositionSelector>;
}

export interface W3CAgent {
  id: string;
  type: 'Person' | 'Software';
  name: string;
}

export interface W3CAnnotation {
  id: string;
  type: 'Annotation';
  motivation: 'assessing' | 'editing' | 'commenting';
  creator: W3CAgent;
  created: string;
  modified: string;
  generated: string;
  generator: W3CAgent;
  body: Array<W3CTextualBody | W3CLinkBody>;
  target: W3CTarget;
  'claimdesk:kind': AnnotationKind;
  'claimdesk:orphan': boolean;
  'claimdesk:history': AnchorHistoryEntry[];
  'claimdesk:textChanged'?: { 'claimdesk:before': string; 'claimdesk:after': string; 'claimdesk:at': string };
  'claimdesk:candidates'?: string[];
  'claimdesk:publishedUrl'?: string;
  'claimdesk:status'?: string;
  'claimdesk:assignee'?: string;
  'claimdesk:due'?: string;
  'claimdesk:claimId'?: string;
  'claimdesk:claimWording'?: string;
}

/** A reply, as the W3C model has it: an annotation motivated by replying whose target is the annotation. */
export interface W3CReply {
  id: string;
  type: 'Annotation';
  motivation: 'replying';
  creator: W3CAgent;
  created: string;
  modified: string;
  generated: string;
  generator: W3CAgent;
  body: [W3CTextualBody];
  target: string;
}

export interface W3CAnnotationCollection {
  '@context': [typeof W3C_CONTEXT, typeof CLAIMDESK_CONTEXT];
  id: string;
  type: 'AnnotationCollection';
  label: string;
  total: number;
  first: { id: string; type: 'AnnotationPage'; partOf: string; startIndex: 0; items: Array<W3CAnnotation | W3CReply> };
  last: string;
}

export interface W3CDocumentInput {
  id: string;
  title: string;
  hash: string;
  file: string;
  text: string;
  language?: string;
}

export function mqmTag(dimension: MqmDimension, subtype: string): string {
  return subtype ? `mqm:${dimension}/${subtype}` : `mqm:${dimension}`;
}

const PLACEHOLDER_SOURCE = 'urn:claimdesk:source:unresolved';

function person(name: string): W3CAgent {
  return { id: reviewerId(name), type: 'Person', name };
}

export function buildW3CCollection(input: {
  documents: ReadonlyArray<W3CDocumentInput>;
  annotations: ReadonlyArray<Annotation>;
  now: string;
  generator: { name: string; version: string };
}): W3CAnnotationCollection {
  const byId = new Map(input.documents.map((d) => [d.id, d]));
  const byHash = new Map(input.documents.map((d) => [d.hash, d]));
  const converters = new Map<string, OffsetConverter>();
  const textFor = (hash: string) => byHash.get(hash)?.text;
  const converterFor = (hash: string): OffsetConverter | undefined => {
    const text = textFor(hash);
    if (text === undefined) return undefined;
    let c = converters.get(hash);
    if (!c) converters.set(hash, (c = createOffsetConverter(text)));
    return c;
  };
  const generator: W3CAgent = {
    id: `urn:claimdesk:software:${encodeURIComponent(input.generator.name)}:${encodeURIComponent(input.generator.version)}`,
    type: 'Software',
    name: `${input.generator.name} ${input.generator.version}`,
  };
  const sorted = [...input.annotations].sort(compareForExport);
  const items: Array<W3CAnnotation | W3CReply> = [];
  for (const a of sorted) {
    items.push(buildW3CAnnotation(a, byId.get(a.docId), converterFor(a.docHash), textFor(a.docHash), input.now, generator));
    for (const r of a.replies ?? []) items.push(buildReply(r, annotationIri(a.id), input.now, generator));
  }
  const id = `urn:claimdesk:export:${sha256Hex(`${input.now}\n${sorted.map((a) => a.id).join('\n')}`).slice(0, 32)}`;
  const page = `${id}#page-1`;
  return {
    '@context': [W3C_CONTEXT, CLAIMDESK_CONTEXT],
    id,
    type: 'AnnotationCollection',
    label: 'Claimdesk annotations',
    total: items.length,
    first: { id: page, type: 'AnnotationPage', partOf: id, startIndex: 0, items },
    last: page,
  };
}

function buildReply(r: AnnotationReply, parentIri: string, now: string, generator: W3CAgent): W3CReply {
  return {
    id: annotationIri(r.id),
    type: 'Annotation',
    motivation: 'replying',
    creator: person(r.author),
    created: r.createdAt,
    modified: r.updatedAt,
    generated: now,
    generator,
    body: [{ type: 'TextualBody', purpose: 'replying', value: r.text, format: 'text/plain' }],
    target: parentIri,
  };
}

function buildW3CAnnotation(
  a: Annotation,
  doc: W3CDocumentInput | undefined,
  offsets: OffsetConverter | undefined,
  text: string | undefined,
  now: string,
  generator: W3CAgent,
): W3CAnnotation {
  const body: Array<W3CTextualBody | W3CLinkBody> = [];
  // Tag values are Claimdesk's own English vocabulary.
  const tag = (value: string) => body.push({ type: 'TextualBody', purpose: 'tagging', value, format: 'text/plain', language: 'en' });
  if (a.verdict !== null) tag(a.verdict);
  if (a.translation) {
    tag(mqmTag(a.translation.dimension, a.translation.subtype));
    tag(`mqm-severity:${a.translation.severity}`);
  }
  if (a.note) body.push({ type: 'TextualBody', purpose: 'commenting', value: a.note, format: 'text/plain' });
  if (a.translation?.correction) {
    const edit: W3CTextualBody = { type: 'TextualBody', purpose: 'editing', value: a.translation.correction, format: 'text/plain' };
    if (doc?.language && doc.language !== 'und') edit.language = doc.language;
    body.push(edit);
  }
  for (const s of a.sources) {
    const safe = isSafeIri(s.url);
    const link: W3CLinkBody = {
      type: 'SpecificResource',
      purpose: 'linking',
      source: safe ? s.url : PLACEHOLDER_SOURCE,
      'dc:title': s.title,
      'claimdesk:accessed': s.accessed,
    };
    // What was typed is kept as text (a literal, never an IRI a viewer would follow).
    if (!safe) link['claimdesk:url'] = s.url;
    if (s.quote) link.selector = { type: 'TextQuoteSelector', exact: s.quote };
    body.push(link);
  }
  const target: W3CTarget = {
    source: a.docHash ? `urn:sha256:${a.docHash}` : `urn:claimdesk:document:${encodeURIComponent(a.docId.replace(LONE_SURROGATE, '\ufffd'))}`,
    format: 'text/plain',
    'claimdesk:docId': a.docId,
    selector: [{ type: 'TextQuoteSelector', exact: a.quote.exact, prefix: a.quote.prefix, suffix: a.quote.suffix }],
  };
  if (doc) {
    if (doc.language && doc.language !== 'und') target.language = doc.language;
    target['dc:title'] = doc.title;
    target['claimdesk:file'] = doc.file;
  }
  const splits = text !== undefined && (splitsSurrogatePair(text, a.position.start) || splitsSurrogatePair(text, a.position.end));
  if (offsets !== undefined && a.position.end <= (text?.length ?? 0)) {
    target.selector.push({
      type: 'TextPositionSelector',
      start: offsets.toCodePoints(a.position.start),
      end: offsets.toCodePoints(a.position.end),
    });
  }
  // Code points cannot express an offset inside a character: the app's own offsets travel too.
  if (offsets === undefined || splits || a.position.end > (text?.length ?? 0)) {
    target['claimdesk:utf16Position'] = { start: a.position.start, end: a.position.end };
  }
  const out: W3CAnnotation = {
    id: annotationIri(a.id),
    type: 'Annotation',
    motivation: a.translation?.correction ? 'editing' : a.kind === 'comment' ? 'commenting' : 'assessing',
    creator: person(a.author),
    created: a.createdAt,
    modified: a.updatedAt,
    generated: now,
    generator,
    body,
    target,
    'claimdesk:kind': a.kind,
    'claimdesk:orphan': a.orphan,
    'claimdesk:history': a.history,
  };
  if (a.textChanged) {
    out['claimdesk:textChanged'] = { 'claimdesk:before': a.textChanged.before, 'claimdesk:after': a.textChanged.after, 'claimdesk:at': a.textChanged.at };
  }
  if (a.candidates) out['claimdesk:candidates'] = [...a.candidates];
  if (a.publishedUrl) out['claimdesk:publishedUrl'] = a.publishedUrl;
  // Written when the record holds them (absent: their defaults), so a round trip gives the same record.
  if (a.status !== undefined) out['claimdesk:status'] = a.status;
  if (a.assignee !== undefined) out['claimdesk:assignee'] = a.assignee;
  if (a.due !== undefined) out['claimdesk:due'] = a.due;
  if (a.claimId !== undefined) out['claimdesk:claimId'] = a.claimId;
  if (a.claimWording !== undefined) out['claimdesk:claimWording'] = a.claimWording;
  return out;
}

