// Keyboard helpers shared by the app's shortcuts.

/** True when keys typed at `t` edit text (a field or an editable element), so shortcuts leave them alone. */
export function isTypingTarget(t: EventTarget | null): boolean {
  return t instanceof HTMLElement && (/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) || t.getAttribute('contenteditable') === 'true');
}
