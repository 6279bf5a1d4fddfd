/**
 * The zone editor's keys (src/ui/editor-shortcuts.ts): Ctrl/⌘+Z undo, Ctrl+Shift+Z and Ctrl+Y redo, Delete and
 * Backspace remove the selected vertex, Escape ends; keys typed in a text field stay the field's, except Escape.
 */
import { describe, expect, it } from 'vitest';
import { editorCommand, type KeyPress } from '../../src/ui/editor-shortcuts.ts';

const press = (key: string, more: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  targetTag: 'BODY',
  ...more,
});

describe('editorCommand', () => {
  it('maps the desktop shortcuts', () => {
    expect(editorCommand(press('z', { ctrlKey: true }))).toBe('undo');
    expect(editorCommand(press('z', { metaKey: true }))).toBe('undo');
    expect(editorCommand(press('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(editorCommand(press('y', { ctrlKey: true }))).toBe('redo');
    expect(editorCommand(press('Delete'))).toBe('delete-vertex');
    expect(editorCommand(press('Backspace'))).toBe('delete-vertex');
    expect(editorCommand(press('Escape'))).toBe('end');
  });

  it('leaves other keys, and keys typed in a field, alone', () => {
    expect(editorCommand(press('z'))).toBeNull();
    expect(editorCommand(press('c', { ctrlKey: true }))).toBeNull();
    expect(editorCommand(press('Backspace', { targetTag: 'INPUT' }))).toBeNull();
    expect(editorCommand(press('z', { ctrlKey: true, targetTag: 'TEXTAREA' }))).toBeNull();
    expect(editorCommand(press('Delete', { editable: true }))).toBeNull();
    expect(editorCommand(press('Escape', { targetTag: 'INPUT' }))).toBe('end');
  });
});
