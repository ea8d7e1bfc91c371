// The library's document overlays as a live query; the writes are named transactions in
// db/document-writes.ts (re-exported here for the documents feature).
import { useLiveQuery } from 'dexie-react-hooks';
import type { DocumentOverlay } from '../../../core/documents';
import type { ClaimdeskDb } from '../../db/schema';
import { readOverlays } from '../../db/document-writes';

export {
  OVERLAY_PREFIX,
  addImportedDocuments,
  deleteImportedForever,
  moveToTrash,
  readOverlays,
  restoreFromTrash,
  saveDocumentDetails,
  type AddReport,
} from '../../db/document-writes';

export function useDocumentOverlays(db: ClaimdeskDb): DocumentOverlay[] | undefined {
  return useLiveQuery(() => readOverlays(db), [db]);
}
