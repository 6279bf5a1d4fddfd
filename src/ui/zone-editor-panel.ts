/**
 * The 区域 tab's editor: the zone in use opened as a draft on the map (terra-draw: drag a vertex, drag an edge's
 * midpoint to add one, select a vertex and press Delete to remove it), every edit with the reason and the
 * uncertainty given before editing; undo / redo (buttons, Ctrl+Z / Ctrl+Shift+Z); validation after each edit
 * by the validator of `zones:check`, self-crossings ringed in red on the map; the draft kept in IndexedDB so a
 * reload or a closed tab loses nothing; saved as a new version (status draft) with a note and an author, then
 * compared with the zone in use: km² added and removed, the largest move, this phone's records that change
 * their answer. Publishing it is signing it (`coalzone zones publish`). Decision 0023.
 */
import type { ZoneFeature } from '../geo/zone.ts';
import { formatBeijingTime } from '../io/parse-time.ts';
import type { MapView, RingEditing } from '../map/map-view.ts';
import { dropDraft, listVersions, loadDraft, saveDraft, saveVersion } from '../zones/accepted-zone-store.ts';
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
import { button, downloadFile, el, replaceChildren } from './dom.ts';
import { L, type Lang } from './i18n.ts';
import { showPreview } from './trace-panel.ts';

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
    value: String(typicalUncertainty(base)),
  });
  const author = el('input', { type: 'text', id: 'edit-author', 'data-testid': 'edit-author', autocomplete: 'name' });
  const note = el('input', { type: 'text', id: 'edit-note', 'data-testid': 'edit-note', autocomplete: 'off' });
  const start = button('', { primary: true, testid: 'edit-start' });
  const undoButton = button(L(lang, '撤销', 'Undo'), { testid: 'edit-undo' });
  const redoButton = button(L(lang, '重做', 'Redo'), { testid: 'edit-redo' });
  const save = button(L(lang, '保存为新版本', 'Save as a new version'), { primary: true, testid: 'edit-save' });
  const discard = button(L(lang, '放弃草稿', 'Discard the draft'), { testid: 'edit-discard' });
  const status = el('p', { role: 'status', 'data-testid': 'edit-status' });
  const problems = el('ul', { class: 'warning', 'data-testid': 'edit-problems' });
  const result = el('div', { 'data-testid': 'edit-result' });
  const tools = el(
    'div',
    { hidden: '' },
    el('div', { class: 'row' }, undoButton, redoButton),
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
    editing = await map.editRing(current(draft).ring, (ring) => {
      if (!draft) return;
      const given = Number(uncertainty.value);
      void keep(
        applyRing(draft, ring, {
          reason: reason.value.trim(),
          uncertaintyM: Number.isFinite(given) && given > 0 ? given : typicalUncertainty(base),
          author: author.value.trim() || L(lang, '（未署名）', '(unsigned)'),
          at: new Date().toISOString(),
        }),
      );
    });
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
  const keys = (event: KeyboardEvent) => {
    if (!editing || !(event.ctrlKey || event.metaKey) || (event.key.toLowerCase() !== 'z' && event.key !== 'y')) return;
    event.preventDefault();
    step(event.shiftKey || event.key === 'y' ? redo : undo);
  };
  document.addEventListener('keydown', keys);
  const stopEditing = () => {
    editing?.stop();
    editing = null;
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
        '在地图上拖动顶点；拖动边中间的小点可增加顶点；选中顶点按 Delete 键删除。每处修改记下原因、编辑人和误差。',
        "Drag a vertex on the map; drag an edge's middle dot to add one; select a vertex and press Delete to remove it. Every edit keeps its reason, editor and uncertainty.",
      ),
    ),
    el('label', { for: 'edit-reason' }, L(lang, '修改原因（必填）', 'Reason for the edit (required)')),
    reason,
    el('label', { for: 'edit-uncertainty' }, L(lang, '修改处的误差（米）', 'Uncertainty of the edit (metres)')),
    uncertainty,
    el('div', { class: 'row' }, start),
    tools,
    status,
    problems,
    result,
  );
  return {
    dispose: () => {
      document.removeEventListener('keydown', keys);
      stopEditing();
    },
  };
}

async function renderDiff(
  box: HTMLElement,
  lang: Lang,
  base: ZoneFeature,
  zone: ZoneFeature,
  deps: ZoneEditorDeps,
): Promise<void> {
  const { diffZones } = await import('../zones/zone-diff.ts');
  const diff = diffZones(base, zone, await deps.points().catch(() => []));
  const download = button(L(lang, '下载此版本（GeoJSON）', 'Download this version (GeoJSON)'), {
    testid: 'edit-download',
  });
  download.addEventListener('click', () =>
    downloadFile(`${zone.properties.version}.geojson`, `${JSON.stringify(zone, null, 1)}\n`, 'application/geo+json'),
  );
  replaceChildren(
    box,
    el(
      'p',
      { 'data-testid': 'edit-diff' },
      L(
        lang,
        `与正在使用的版本相比：增加 ${diff.addedKm2.toFixed(3)} km²，减少 ${diff.removedKm2.toFixed(3)} km²，最大移动 ${Math.round(diff.largestMove?.metres ?? 0)} 米；本机记录中答案会改变的：${diff.changed.length} 条。`,
        `Against the version in use: ${diff.addedKm2.toFixed(3)} km² added, ${diff.removedKm2.toFixed(3)} km² removed, largest move ${Math.round(diff.largestMove?.metres ?? 0)} m; records on this device whose answer changes: ${diff.changed.length}.`,
      ),
    ),
    el('div', { class: 'row' }, download),
  );
  showPreview(zone, deps);
}

function problemWords(code: string, lang: Lang, crossings: number): string {
  const words: Record<string, [string, string]> = {
    SELF_INTERSECTION: [
      `边界自相交：${crossings} 处（地图上红圈）`,
      `the boundary crosses itself: ${crossings} place(s), ringed red on the map`,
    ],
    DUPLICATE_VERTEX: ['有重复的顶点', 'a vertex is repeated'],
    RING_NOT_CLOSED: ['边界没有闭合', 'the ring does not close'],
    RING_TOO_SHORT: ['顶点太少，不成多边形', 'too few vertices for a polygon'],
    DEGENERATE_RING: ['边界面积为零或为细条（sliver）', 'the ring has no area, or is a sliver'],
    BAD_POSITION: [
      '有顶点坐标不对（在大同以外或不是数字）',
      'a vertex position is wrong (outside Datong or not a number)',
    ],
  };
  const [zh, en] = words[code] ?? [`区域数据无效（${code}）`, `not a valid zone (${code})`];
  return L(lang, zh, en);
}

/** The median edge uncertainty of the zone: the default for an edit that has no source of its own. */
function typicalUncertainty(zone: ZoneFeature): number {
  const all = zone.properties.rings.flatMap((r) => r.vertices.map((v) => v.edge.uncertaintyM)).sort((a, b) => a - b);
  return all[Math.floor(all.length / 2)] ?? 200;
}
