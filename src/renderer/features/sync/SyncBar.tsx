// The status bar at the foot of the window: sync state (connected / offline / syncing, and how many
// changes wait), the open document's open conflicts, and the button that shows the changes drawer:
// the selected annotation's conflicts and history (with restore), and the document's Conflicts list.
import { useMemo } from 'react';
import type { MergeField, MergeValues } from '../../../core/merge/entries';
import type { DocumentSync } from './document-sync';
import type { BridgeView, SyncBridge } from './sync-bridge';
import type { SyncStatus as Status } from './sync-client';
import { AnnotationHistory } from './AnnotationHistory';
import { ConflictsList } from './ConflictsList';
import { describeAuthor, describeChange, describeTime, describeValue, FIELD_LABELS } from './describe-values';
import { SyncStatus } from './SyncStatus';

export interface SyncBarProps {
  status: Status | null;
  view: BridgeView | null;
  open: boolean;
  onToggle(): void;
}

export function SyncBar({ status, view, open, onToggle }: SyncBarProps) {
  const conflicts = view?.conflicts.length ?? 0;
  return (
    <footer className="sync-bar" aria-label="Sync">
      <SyncStatus status={status} />
      {view && (
        <button type="button" aria-expanded={open} aria-controls="sync-drawer" onClick={onToggle} className={conflicts ? 'has-conflicts' : undefined}>
          {conflicts ? `Conflicts (${conflicts})` : 'Changes and history'}
        </button>
      )}
    </footer>
  );
}

export interface SyncDrawerProps {
  sync: DocumentSync;
  bridge: SyncBridge;
  view: BridgeView;
  selectedId: string | null;
  onOpen(annotationId: string): void;
  onResolved(text: string): void;
}

export function SyncDrawer({ sync, bridge, view, selectedId, onOpen, onResolved }: SyncDrawerProps) {
  const quotes = useMemo(() => {
    const m = new Map([...view.quotes].map(([id, q]) => [id, cut(q)]));
    const q = selectedId ? bridge.quoteOf(selectedId) : undefined;
    if (selectedId && q !== undefined) m.set(selectedId, cut(q));
    return m;
  }, [view, bridge, selectedId]);
  const selectedQuote = selectedId ? bridge.quoteOf(selectedId) : undefined;
  const selected = selectedId && selectedQuote !== undefined ? { id: selectedId, conflicts: view.conflicts.filter((c) => c.annotationId === selectedId) } : undefined;
  // The history is read when shown (it scans the document's entries), again when the state changes.
  const history = useMemo(() => (selected ? sync.history(selected.id) : []), [sync, selected?.id, view]);
  const resolve = (annotationId: string, field: MergeField, value: MergeValues[MergeField]) => {
    sync.resolve(annotationId, field, value);
    onResolved(`Resolved the ${FIELD_LABELS[field].toLowerCase()} of “${quotes.get(annotationId) ?? annotationId}”: ${describeValue(field, value)}.`);
  };
  return (
    <div id="sync-drawer" className="sync-drawer">
      {selected ? (
        <section aria-label="Selected annotation’s changes" className="sync-selected">
          <h2>Changes to “{quotes.get(selected.id)}”</h2>
          {selected.conflicts.map((c) => (
            <div key={c.field} className="conflict-on-annotation" role="group" aria-label={`Conflict on ${FIELD_LABELS[c.field].toLowerCase()}`}>
              <p>
                <strong>Conflict on {FIELD_LABELS[c.field].toLowerCase()}:</strong>
              </p>
              <ul>
                {c.entries.map((e) => (
                  <li key={e.id}>
                    {describeAuthor(e)}, {describeTime(e.at)}: {c.field === 'deleted' ? describeChange(e) : describeValue(c.field, e.value)}
                  </li>
                ))}
              </ul>
            </div>
          ))}
          <AnnotationHistory
            items={history}
            onRestore={(entryId) => {
              sync.restore(entryId);
              onResolved('Restored the earlier value.');
            }}
          />
        </section>
      ) : (
        <p className="muted">Select an annotation to see who changed what, and when.</p>
      )}
      <ConflictsList conflicts={view.conflicts} quotes={quotes} onResolve={resolve} onOpen={onOpen} />
    </div>
  );
}

function cut(text: string): string {
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
