// User settings kept in the database: the editor's name and the MQM scoring parameters.
import { useLiveQuery } from 'dexie-react-hooks';
import { DEFAULT_MQM_THRESHOLD, DEFAULT_MQM_WEIGHTS, type MqmWeights } from '../../core/model/mqm';
import type { ClaimdeskDb } from '../db/schema';

export interface Settings {
  editorName: string;
  mqmWeights: MqmWeights;
  mqmThreshold: number;
}

export const DEFAULT_SETTINGS: Settings = {
  editorName: '',
  mqmWeights: DEFAULT_MQM_WEIGHTS,
  mqmThreshold: DEFAULT_MQM_THRESHOLD,
};

export async function readSettings(db: ClaimdeskDb): Promise<Settings> {
  const rows = await db.settings.toArray();
  const s: Record<string, unknown> = {};
  for (const r of rows) s[r.key] = r.value;
  return {
    editorName: typeof s.editorName === 'string' ? s.editorName : DEFAULT_SETTINGS.editorName,
    mqmWeights: (s.mqmWeights as MqmWeights | undefined) ?? DEFAULT_SETTINGS.mqmWeights,
    mqmThreshold: typeof s.mqmThreshold === 'number' ? s.mqmThreshold : DEFAULT_SETTINGS.mqmThreshold,
  };
}

export function useSettings(db: ClaimdeskDb): Settings | undefined {
  return useLiveQuery(() => readSettings(db), [db]);
}
