// Keys 1, 2, 3 (and T on translations) tag the selected text: sourced, contested, contradicted, translation error.
import { useEffect } from 'react';
import { mergeRegister } from '@lexical/utils';
import type { AnnotationKind, Verdict } from '../../../core/model';
import type { TextMap } from '../text-map';
import { isTypingTarget } from '../../keyboard';
import { listen, readSelection } from '../dom-selection';

export function TagShortcutsPlugin(props: { map: TextMap | null; text: string; canMarkTranslation: boolean; onTag(kind: AnnotationKind, verdict: Verdict | null): void }) {
  const { map, text, canMarkTranslation, onTag } = props;
  useEffect(() => {
    if (!map) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      const k = e.key.toLowerCase();
      const action: [AnnotationKind, Verdict | null] | null =
        k === '1' ? ['claim', 'sourced'] : k === '2' ? ['claim', 'contested'] : k === '3' ? ['claim', 'contradicted'] : k === 't' && canMarkTranslation ? ['translation-error', null] : null;
      if (!action || !readSelection(map, text)) return;
      e.preventDefault();
      onTag(action[0], action[1]);
    };
    return mergeRegister(listen(document, 'keydown', onKey));
  }, [map, text, canMarkTranslation, onTag]);
  return null;
}
