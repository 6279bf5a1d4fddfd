/**
 * The 区域 tab's editor: the zone in use opened as a draft on the map (terra-draw, src/map/edit-ring.ts: drag a
 * vertex, drag an edge's midpoint to add one, tap a vertex and press Delete or the button to remove it), by
 * mouse or by finger; a dragged vertex within 12 px of a road the tracer has read snaps onto it and names the
 * road; every edit with the reason, and the uncertainty given or by default the snapped road's precision, else
 * the old value; undo / redo (buttons, Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y), Escape ends; validation after each edit
 * by the validator of `zones:check`, self-crossings ringed in red on the map; the draft kept in IndexedDB so a
 * reload or a closed tab loses nothing; saved as a new version (status draft) with a note and an author, then
 * compared with the zone in use (zone-editor-diff.ts). Decisions 0023, 0028.
 */
import type { ZoneFeature } from '../geo/zone.ts';
import { formatBeijingTime } from '../io/parse-time.ts';
import type { MapView, RingEditing } from '../map/map-view.ts';
import { dropDraft, listVersions, loadDraft, saveDraft, saveVersion } from '../zones/accepted-zone-store.ts';
import { citeSnappedRoads, defaultUncertainty } from '../zones/snap-provenance.ts';
import {
  applyRing,
  canRedo,
  canUndo,
  current,
  draftProblems,
  draftZone,
  openDraft,
  redo,
  undo,
  type ZoneDraft,
} from '../zones/zone-draft.ts';
import { versionWords } from './answer-card.ts';
import { button, el, replaceChildren } from './dom.ts';
import { editorCommand } from './editor-shortcuts.ts';
import { L, type Lang } from './i18n.ts';
import { problemWords, renderDiff } from './zone-editor-diff.ts';
import { editorSnapping } from './zone-editor-snapping.ts';

export interface ZoneEditorDeps {
  lang: Lang;
  zone: () => ZoneFeature;
  map: () => MapView | null;
  points: () => Promise<{ id: string; lng: number; lat: number }[]>;
}

/** Mounts the editor section into `root`. */
export async function mountZoneEditor(root: HTMLElement, deps: ZoneEditorDeps): Promise<{ dispose: () => void }> {
  const lang = deps.lang;
  const base = deps.zone();
  let draft: ZoneDraft | null = await loadDraft(base.properties.id).catch(() => null);
  if (draft && draft.baseVersion !== base.properties.version) draft = null;
  let editing: RingEditing | null = null;

  const reason = el('input', { type: 'text', id: 'edit-reason', 'data-testid': 'edit-reason', autocomplete: 'off' });
  const uncertainty = el('input', {
    type: 'number',
    id: 'edit-uncertainty',
    'data-testid': 'edit-uncertainty',
    min: '1',
    max: '5000',
    placeholder: L(lang, '不填：吸附道路的精度，否则原值', 'empty: the snapped road’s precision, else the old value'),
  });
  const author = el('input', { type: 'text', id: 'edit-author', 'data-testid': 'edit-author', autocomplete: 'name' });
  const note = el('input', { type: 'text', id: 'edit-note', 'data-testid': 'edit-note', autocomplete: 'off' });
  const start = button('', { primary: true, testid: 'edit-start' });
  const undoButton = button(L(lang, '撤销', 'Undo'), { testid: 'edit-undo' });
  const redoButton = button(L(lang, '重做', 'Redo'), { testid: 'edit-redo' });
  const removeButton = button(L(lang, '删除选中的顶点', 'Remove the selected vertex'), {
    testid: 'edit-remove-vertex',
  });
  removeButton.disabled = true;
  const snapping = editorSnapping(lang);
  const save = button(L(lang, '保存为新版本', 'Save as a new version'), { primary: true, testid: 'edit-save' });
  const discard = button(L(lang, '放弃草稿', 'Discard the draft'), { testid: 'edit-discard' });
  const status = el('p', { role: 'status', 'data-testid': 'edit-status' });
  const problems = el('ul', { class: 'warning', 'data-testid': 'edit-problems' });
  const result = el('div', { 'data-testid': 'edit-result' });
  const tools = el(
    'div',
    { hidden: '' },
    el('div', { class: 'row' }, undoButton, redoButton, removeButton),
    el('label', { for: 'edit-author' }, L(lang, '编辑人', 'Edited by')),
    author,
    el('label', { for: 'edit-note' }, L(lang, '版本说明', 'Note for the version')),
    note,
    el('div', { class: 'row' }, save, discard),
  );

  const refresh = () => {
    start.textContent = draft
      ? L(
          lang,
          `继续编辑草稿（保存于 ${formatBeijingTime(Date.parse(draft.savedAt))}）`,
          `Continue the draft (kept ${formatBeijingTime(Date.parse(draft.savedAt))})`,
        )
      : L(lang, '编辑边界（草稿）', 'Edit the boundary (draft)');
    start.hidden = editing !== null;
    tools.hidden = editing === null;
    if (!draft) return;
    undoButton.disabled = !canUndo(draft);
    redoButton.disabled = !canRedo(draft);
    const zone = draftZone(base, draft, options());
    const found = draftProblems(zone);
    const ring = current(draft).ring;
    replaceChildren(
      problems,
      ...found.reasons.map((r) =>
        el('li', { 'data-code': r.code }, problemWords(r.code, lang, found.crossings.length)),
      ),
    );
    status.textContent = L(
      lang,
      `${ring.length - 1} 个顶点 · 第 ${draft.at} 步修改 · ${found.reasons.length === 0 ? '✓ 有效' : '✗ 有问题，不能保存'}`,
      `${ring.length - 1} vertices · edit ${draft.at} · ${found.reasons.length === 0 ? '✓ valid' : '✗ not valid: cannot be saved'}`,
    );
    save.disabled = found.reasons.length > 0 || draft.at === 0;
    deps.map()?.setOverlay('draft-problems', {
      type: 'FeatureCollection',
      features: found.crossings.map((at) => ({
        type: 'Feature',
        properties: {},
        geometry: { type: 'Point', coordinates: at },
      })),
    });
  };
  const options = () => ({
    note: note.value.trim() || reason.value.trim(),
    author: author.value.trim() || L(lang, '（未署名）', '(unsigned)'),
    at: new Date().toISOString(),
    sequence: 1,
  });
  // The status line says the step only once the draft is kept: a tab closed right after it loses nothing.
  const keep = async (next: ZoneDraft) => {
    draft = next;
    try {
      await saveDraft(next);
    } catch {
      refresh();
      status.textContent = L(
        lang,
        '草稿无法保存在本机（存储已满？）',
        'The draft cannot be kept on this device (storage full?)',
      );
      return;
    }
    if (draft === next) refresh();
  };

  start.addEventListener('click', async () => {
    if (!reason.value.trim()) {
      status.textContent = L(
        lang,
        '请先填写修改原因（每处修改都会记下）。',
        'Give the reason first (it is kept with every edit).',
      );
      reason.focus();
      return;
    }
    const map = deps.map();
    if (!map) {
      status.textContent = L(lang, '地图尚未就绪。', 'The map is not ready yet.');
      return;
    }
    draft ??= openDraft(base, new Date().toISOString());
    editing = await map.editRing(
      current(draft).ring,
      (ring, snaps) => {
        if (!draft) return;
        const given = Number(uncertainty.value);
        const edit = {
          reason: reason.value.trim(),
          uncertaintyM:
            uncertainty.value.trim() && Number.isFinite(given) && given > 0
              ? given
              : defaultUncertainty(current(draft), ring, snaps),
          author: author.value.trim() || L(lang, '（未署名）', '(unsigned)'),
          at: new Date().toISOString(),
        };
        snapping.saySnapped(snaps, edit.uncertaintyM);
        void keep(citeSnappedRoads(applyRing(draft, ring, edit), snaps, edit));
      },
      {
        snap: snapping.snap,
        onSelect: (index) => {
          removeButton.disabled = index === null;
        },
      },
    );
    document.body.dataset.editing = 'true';
    refresh();
  });
  const step = (to: (d: ZoneDraft) => ZoneDraft) => {
    if (!draft) return;
    const next = to(draft);
    editing?.setRing(current(next).ring);
    void keep(next);
  };
  undoButton.addEventListener('click', () => step(undo));
  redoButton.addEventListener('click', () => step(redo));
  const removeSelected = () => {
    if (editing && !editing.removeSelected())
      status.textContent = L(
        lang,
        '先点一下要删除的顶点（至少要留三个顶点）。',
        'Tap the vertex to remove first (three must stay).',
      );
  };
  removeButton.addEventListener('click', removeSelected);
  const keys = (event: KeyboardEvent) => {
    if (!editing) return;
    const target = event.target as HTMLElement | null;
    const command = editorCommand({
      key: event.key,
      ctrlKey: event.ctrlKey,
      metaKey: event.metaKey,
      shiftKey: event.shiftKey,
      targetTag: target?.tagName,
      editable: target?.isContentEditable,
    });
    if (!command) return;
    event.preventDefault();
    if (command === 'undo') step(undo);
    else if (command === 'redo') step(redo);
    else if (command === 'delete-vertex') removeSelected();
    else {
      stopEditing();
      refresh();
      status.textContent = L(lang, '已结束编辑，草稿已保留。', 'Editing ended; the draft is kept.');
    }
  };
  document.addEventListener('keydown', keys);
  const stopEditing = () => {
    editing?.stop();
    editing = null;
    removeButton.disabled = true;
    document.body.dataset.editing = 'false';
    deps.map()?.setOverlay('draft-problems', { type: 'FeatureCollection', features: [] });
  };
  discard.addEventListener('click', async () => {
    stopEditing();
    draft = null;
    await dropDraft(base.properties.id).catch(() => undefined);
    replaceChildren(problems);
    status.textContent = L(lang, '草稿已放弃。', 'Draft discarded.');
    refresh();
  });
  save.addEventListener('click', async () => {
    if (!draft) return;
    const saved = await listVersions(base.properties.id).catch(() => []);
    const zone = draftZone(base, draft, { ...options(), sequence: saved.length + 1 });
    if (draftProblems(zone).reasons.length > 0) return;
    const meta = { note: options().note, author: options().author, savedAt: new Date().toISOString() };
    await saveVersion({ zoneId: base.properties.id, version: zone.properties.version, zone, ...meta });
    await dropDraft(base.properties.id);
    stopEditing();
    draft = null;
    refresh();
    status.textContent = L(
      lang,
      `已保存为 ${versionWords(zone.properties.version, lang)}（草稿状态，仅在本机；签名发布后才会到其他手机）。`,
      `Saved as ${versionWords(zone.properties.version, lang)} (a draft, on this device only; it reaches other phones once signed and published).`,
    );
    await renderDiff(result, lang, base, zone, deps);
  });

  refresh();
  replaceChildren(
    root,
    el('h2', {}, L(lang, '编辑边界', 'Edit the boundary')),
    el(
      'p',
      { class: 'muted' },
      L(
        lang,
        '在地图上用鼠标或手指拖动顶点；拖动边中间的小点可增加顶点；点一下顶点再按 Delete 键或“删除选中的顶点”删除。已载入道路时，顶点在道路 12 像素以内会吸附到道路上。快捷键：Ctrl+Z 撤销，Ctrl+Shift+Z 或 Ctrl+Y 重做，Delete 删除选中的顶点，Esc 结束编辑。每处修改记下原因、编辑人和误差。',
        "Drag a vertex on the map with the mouse or a finger; drag an edge's middle dot to add one; tap a vertex, then press Delete or “Remove the selected vertex”. With roads loaded, a vertex within 12 px of a road snaps onto it. Keys: Ctrl+Z undo, Ctrl+Shift+Z or Ctrl+Y redo, Delete removes the selected vertex, Esc ends editing. Every edit keeps its reason, editor and uncertainty.",
      ),
    ),
    snapping.roadsLine,
    el('label', { for: 'edit-reason' }, L(lang, '修改原因（必填）', 'Reason for the edit (required)')),
    reason,
    el(
      'label',
      { for: 'edit-uncertainty' },
      L(lang, '修改处的误差（米，可不填）', 'Uncertainty of the edit (metres, may be left empty)'),
    ),
    uncertainty,
    el('div', { class: 'row' }, start),
    tools,
    status,
    snapping.snappedLine,
    problems,
    result,
  );
  return {
    dispose: () => {
      document.removeEventListener('keydown', keys);
      snapping.dispose();
      stopEditing();
    },
  };
}
