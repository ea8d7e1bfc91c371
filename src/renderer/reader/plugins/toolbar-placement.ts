// Where the tagging toolbar goes over the reader's text (SelectionToolbarPlugin).

/** The gap between the selection toolbar and the selected words. */
const TOOLBAR_GAP_PX = 6;

/**
 * Where the toolbar goes in the reader's surface: above the selection's first line, or below its last
 * when there is no room above, and moved left so that it ends inside the surface (a selection at a
 * line's end, a narrow window). Its buttons wrap when the surface is narrower than the toolbar.
 */
export function placeToolbar(at: { firstTop: number; lastBottom: number; left: number }, toolbar: { width: number; height: number }, surfaceWidth: number): { top: number; left: number } {
  const above = at.firstTop - toolbar.height - TOOLBAR_GAP_PX;
  return {
    top: above >= 0 ? above : at.lastBottom + TOOLBAR_GAP_PX,
    left: Math.max(0, Math.min(at.left, surfaceWidth - toolbar.width)),
  };
}
