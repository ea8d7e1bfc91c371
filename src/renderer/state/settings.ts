// User settings kept in the database: the editor's name and the MQM scoring parameters.
import { useLiveQuery } from 'dexie-react-hooks';
import type { ClaimReviewOrganisation } from '../../core/formats/claimreview';
import { DEFAULT_MQM_THRESHOLD, DEFAULT_MQM_WEIGHTS, type MqmWeights } from '../../core/model/mqm';
import type { ClaimdeskDb } from '../db/schema';

export interface Settings {
  editorName: string;
  mqmWeights: MqmWeights;
  mqmThreshold: number;
  /** The fact-checking organisation ClaimReview names as author and publisher (issue 12). */
  organisation: ClaimReviewOrganisation;
  /** The editor's own page, written as the reviewer's url in ClaimReview; '' when none. */
  reviewerUrl: string;
}

const EMPTY_ORGANISATION: ClaimReviewOrganisation = { name: '', url: '', logo: '', publishBaseUrl: '' };

function readOrganisation(v: unknown): ClaimReviewOrganisation {
  if (typeof v !== 'object' || v === null) return EMPTY_ORGANISATION;
  const o = v as Record<string, unknown>;
  const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : '');
  return { name: str('name'), url: str('url'), logo: str('logo'), publishBaseUrl: str('publishBaseUrl') };
}

export const DEFAULT_SETTINGS: Settings = {
  editorName: '',
  mqmWeights: DEFAULT_MQM_WEIGHTS,
  mqmThreshold: DEFAULT_MQM_THRESHOLD,
  organisation: EMPTY_ORGANISATION,
  reviewerUrl: '',
};

export async function readSettings(db: ClaimdeskDb): Promise<Settings> {
  const rows = await db.settings.toArray();
  const s: Record<string, unknown> = {};
  for (const r of rows) s[r.key] = r.value;
  return {
    editorName: typeof s.editorName === 'string' ? s.editorName : DEFAULT_SETTINGS.editorName,
    mqmWeights: (s.mqmWeights as MqmWeights | undefined) ?? DEFAULT_SETTINGS.mqmWeights,
    mqmThreshold: typeof s.mqmThreshold === 'number' ? s.mqmThreshold : DEFAULT_SETTINGS.mqmThreshold,
    organisation: readOrganisation(s.organisation),
    reviewerUrl: typeof s.reviewerUrl === 'string' ? s.reviewerUrl : '',
  };
}

export function useSettings(db: ClaimdeskDb): Settings | undefined {
  return useLiveQuery(() => readSettings(db), [db]);
}
