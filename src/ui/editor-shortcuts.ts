/**
 * The zone editor's keyboard shortcuts on a desktop, as one pure mapping from a key press to a command (no
 * DOM listeners here): Ctrl+Z (⌘Z) undo; Ctrl+Shift+Z, Ctrl+Y (⌘⇧Z) redo; Delete or Backspace removes the
 * selected vertex; Escape ends editing (the draft is kept). A key typed in a text field stays the field's own
 * (Backspace in the reason must not delete a vertex; Ctrl+Z there undoes typing), except Escape. Decision 0028.
 */

/** What a key press asks the editor for. */
export type EditorCommand = 'undo' | 'redo' | 'delete-vertex' | 'end' | null;

/** The parts of a KeyboardEvent the mapping reads. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  /** The focused element's tag name (INPUT, TEXTAREA, SELECT, …), if any. */
  targetTag?: string;
  /** True when the focused element is contenteditable. */
  editable?: boolean;
}

/** The command for a key press. */
export function editorCommand(press: KeyPress): EditorCommand {
  if (press.key === 'Escape') return 'end';
  const typing = press.editable === true || ['INPUT', 'TEXTAREA', 'SELECT'].includes(press.targetTag ?? '');
  if (typing) return null;
  const key = press.key.toLowerCase();
  if (press.ctrlKey || press.metaKey) {
    if (key === 'z') return press.shiftKey ? 'redo' : 'undo';
    if (key === 'y') return 'redo';
    return null;
  }
  if (press.key === 'Delete' || press.key === 'Backspace') return 'delete-vertex';
  return null;
}
