/**
 * The checkpoint view (police, issue 5): the checkpoints placed on the map; the inspection of a coal truck
 * in a few taps — type the plate, the permit is looked up as you type (exact, or the registered plates one
 * typo away), checked for the day and the destination, and one tap on the outcome saves the inspection
 * record at the checkpoint; the permit register; route checks (drawn or from track files, in a Web Worker);
 * live mode; and checkpoint planning (where roads cross the traced line, which crossings have no checkpoint).
 * Records go through src/store like every other record (validated, audited, exported, backed up).
 */
import type { Feature, Point } from 'geojson';
import g109Text from '../../data/context/g109.geojson?raw';
import { destinationResolver, type KnownPlace } from '../checkpoints/destinations.ts';
import { checkPermit, findPermits, type Permit, type PermitCheck, permitIndex } from '../checkpoints/permits.ts';
import { displayPlate, PLATE_REASON_ZH, readPlate } from '../checkpoints/plate.ts';
import { type RoadCrossing, roadCrossings } from '../checkpoints/road-crossings.ts';
import { createRouteChecker, type RouteChecker } from '../checkpoints/route-batch.ts';
import type { PointAnswer } from '../geo/classify-point.ts';
import { formatBeijingTime } from '../io/parse-time.ts';
import type { MapView } from '../map/map-view.ts';
import { type FieldRecord, type InspectionFields, type RecordLocation, toSavedAnswer } from '../records/record.ts';
import { RecordsDatabase } from '../store/records-db.ts';
import { addPhoto, createRecord, listRecords, RecordValidationError } from '../store/records-repo.ts';
import { loadAuthor, saveAuthor } from '../store/settings.ts';
import type { LoadedZone } from '../zones/catalogue.ts';
import { button, el, replaceChildren } from './dom.ts';
import { L, type Lang } from './i18n.ts';
import { mountLivePanel } from './live-panel.ts';
import { mountPermitsPanel, permitDates } from './permits-panel.ts';
import { errorWords, geolocationWords, recordReasonWords } from './reason-words.ts';
import { mountRoutePanel } from './route-panel.ts';

/** How well a road crossing's position is known as a place to stand (road geometry, not the zone line). */
const ROAD_POSITION_M = 30;

/** What the view needs from the app. */
export interface CheckpointViewDeps {
  lang: () => Lang;
  /** The zone checkpoints guard (the city zone) and its feature, for sides and route checks. */
  zone: LoadedZone;
  classify: (lng: number, lat: number, accuracyM: number) => PointAnswer | null;
  map: () => MapView | null;
  /** Takes the map's taps, with how precise a tap is at the zoom (null gives them back to the resident check). */
  setPick: (handler: ((lng: number, lat: number, accuracyM: number) => void) | null) => void;
  /** The county zones answering beside the city zone (decision 0030): route checks say when a route enters one. */
  countyZones?: () => import('./county-route-words.ts').CountyRouteZone[];
}

/** What the app may ask of a mounted view. */
export interface CheckpointView {
  /** Draws the checkpoints (and planning crossings) again, e.g. once the map is ready. */
  redraw: () => void;
  /** Stops what runs in the background (live mode's GPS watch) before the view is replaced. */
  dispose: () => void;
}

/** Permit check results in words. */
export const PERMIT_RESULT: Record<PermitCheck | 'none' | 'no-register', [string, string]> = {
  valid: ['通行证有效', 'permit valid'],
  expired: ['通行证已过期', 'permit expired'],
  'not-yet-valid': ['通行证未到生效日期', 'permit not yet valid'],
  revoked: ['通行证已作废', 'permit revoked'],
  'wrong-destination': ['目的地与通行证不符', 'destination not on the permit'],
  none: ['无通行证', 'no permit'],
  'no-register': ['未核查：本机没有通行证登记表', 'not checked: no permit register on this phone'],
};
const OUTCOMES: [InspectionFields['outcome'], string, string][] = [
  ['passed', '放行', 'Pass'],
  ['turned-back', '劝返', 'Turn back'],
  ['detained', '暂扣', 'Detain'],
  ['referred', '移交', 'Refer'],
];

/** Mounts the view into `root`. */
export async function mountCheckpointView(
  root: HTMLElement,
  deps: CheckpointViewDeps,
  db = new RecordsDatabase(),
): Promise<CheckpointView> {
  const lang = deps.lang();
  const sides = deps.zone.feature.properties.sides;
  const sideName = (id: string | null) => {
    const side = sides.find((s) => s.id === id);
    return side ? (lang === 'zh' ? side.name.zh : side.name.en) : L(lang, '未知边', 'unknown side');
  };
  let author = await loadAuthor(db);
  let checkpoints: FieldRecord<'checkpoint'>[] = [];
  let index = permitIndex([]);
  let routeAnswer: string | null = null;
  let crossings: RoadCrossing[] = [];
  let checker: Promise<RouteChecker> | null = null;

  const features = (): Feature<Point, { name: string }>[] =>
    checkpoints
      .filter((c) => c.status === 'staffed')
      .map((c) => ({
        type: 'Feature',
        properties: { name: c.fields.name },
        geometry: { type: 'Point', coordinates: [c.location.lng, c.location.lat] },
      }));

  // --- checkpoints -------------------------------------------------------------------------------------
  const cpList = el('ul', { class: 'record-list', 'data-testid': 'checkpoint-list' });
  const cpSelect = el('select', { id: 'inspect-checkpoint', 'aria-label': L(lang, '本卡点', 'This checkpoint') });
  const placeBox = el('div', { class: 'record-form', 'data-testid': 'place-checkpoint' });
  const placeStatus = el('p', { class: 'hint', role: 'status', 'data-testid': 'checkpoint-status' });

  const loadCheckpoints = async () => {
    checkpoints = (await listRecords(db, { kind: 'checkpoint' })) as FieldRecord<'checkpoint'>[];
    const remembered = localStorage.getItem('coalzone.checkpoint');
    replaceChildren(
      cpSelect,
      el('option', { value: '' }, L(lang, '— 选择卡点 —', '— choose the checkpoint —')),
      ...checkpoints.filter((c) => c.status === 'staffed').map((c) => el('option', { value: c.id }, c.fields.name)),
    );
    const staffed = checkpoints.filter((c) => c.status === 'staffed');
    if (remembered && staffed.some((c) => c.id === remembered)) cpSelect.value = remembered;
    else if (staffed.length === 1) cpSelect.value = staffed[0]?.id ?? '';
    replaceChildren(
      cpList,
      ...checkpoints.map((c) =>
        el(
          'li',
          { 'data-checkpoint': c.fields.name },
          el('strong', {}, c.fields.name),
          c.fields.road ? ` · ${c.fields.road}` : '',
          ` · ${c.location.lng.toFixed(5)}, ${c.location.lat.toFixed(5)}`,
          c.zoneAnswer
            ? L(
                lang,
                ` · 距边界 ${Math.abs(Math.round(c.zoneAnswer.signedDistanceM))} m（${c.zoneAnswer.traced === 'inside' ? '区内' : '区外'}，边界±${Math.round(c.zoneAnswer.uncertaintyM)} m）`,
                ` · ${Math.abs(Math.round(c.zoneAnswer.signedDistanceM))} m ${c.zoneAnswer.traced} the line (±${Math.round(c.zoneAnswer.uncertaintyM)} m)`,
              )
            : '',
          c.status === 'staffed' ? '' : L(lang, ' · 已撤除', ' · stood down'),
        ),
      ),
    );
    if (checkpoints.length === 0)
      cpList.append(
        el(
          'li',
          { class: 'hint' },
          L(lang, '还没有卡点：在地图上放置一个。', 'No checkpoint yet: place one on the map.'),
        ),
      );
    redraw();
  };

  const redraw = () => {
    const map = deps.map();
    if (!map) return;
    map.setOverlay('checkpoints', { type: 'FeatureCollection', features: features() });
    map.setOverlay('crossings', {
      type: 'FeatureCollection',
      features: crossings
        .filter((c) => !c.along)
        .map((c) => ({
          type: 'Feature',
          properties: { covered: c.checkpoint !== null },
          geometry: { type: 'Point', coordinates: [c.lng, c.lat] },
        })),
    });
  };

  const placeForm = (
    at: { lng: number; lat: number; accuracyM: number; source: RecordLocation['source'] },
    road = '',
  ) => {
    const name = el('input', {
      id: 'checkpoint-name',
      required: '',
      placeholder: L(lang, '如：二广高速大同东出口卡点', 'e.g. G55 Datong East exit'),
    });
    const roadInput = el('input', { id: 'checkpoint-road', value: road });
    const error = el('p', { class: 'field-error', role: 'alert' });
    const answer = deps.classify(at.lng, at.lat, at.accuracyM);
    const save = el(
      'button',
      { type: 'submit', class: 'primary', 'data-testid': 'save-checkpoint' },
      L(lang, '保存卡点', 'Save checkpoint'),
    );
    const cancel = button(L(lang, '取消', 'Cancel'));
    const form = el(
      'form',
      { novalidate: '' },
      el('p', {}, `${at.lng.toFixed(5)}, ${at.lat.toFixed(5)}`, answer ? ` · ${answerWords(answer, lang)}` : ''),
      el(
        'div',
        { class: 'field' },
        el('label', { for: 'checkpoint-name' }, L(lang, '卡点名称 *', 'Checkpoint name *')),
        name,
      ),
      el(
        'div',
        { class: 'field' },
        el('label', { for: 'checkpoint-road' }, L(lang, '所在道路及方向', 'Road and direction')),
        roadInput,
      ),
      error,
      save,
      ' ',
      cancel,
    );
    cancel.addEventListener('click', () => replaceChildren(placeBox));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const record = await createRecord(
          db,
          {
            kind: 'checkpoint',
            location: at,
            fields: { name: name.value.trim(), road: roadInput.value.trim(), notes: '' },
          },
          { author, zoneAnswer: toSavedAnswer(answer) },
        );
        localStorage.setItem('coalzone.checkpoint', record.id);
        replaceChildren(placeBox);
        placeStatus.textContent = L(lang, `已设卡点：${record.fields.name}`, `Checkpoint saved: ${record.fields.name}`);
        await loadCheckpoints();
        if (crossings.length > 0) plan();
      } catch (e) {
        error.textContent =
          e instanceof RecordValidationError
            ? L(lang, '请填写卡点名称', 'Give the checkpoint a name')
            : errorWords(e, lang);
      }
    });
    replaceChildren(placeBox, form);
    const section = placeBox.closest('details');
    if (section) section.open = true;
    form.scrollIntoView({ block: 'nearest' });
    name.focus();
  };

  const placeOnMap = button(L(lang, '在地图上放置卡点', 'Place a checkpoint on the map'), { testid: 'place-on-map' });
  placeOnMap.addEventListener('click', () => {
    placeStatus.textContent = L(lang, '在地图上点卡点的位置', 'Tap the checkpoint’s place on the map');
    document.getElementById('map')?.scrollIntoView({ block: 'nearest' });
    deps.setPick((lng, lat, accuracyM) => {
      deps.setPick(null);
      placeStatus.textContent = '';
      placeForm({ lng, lat, accuracyM, source: 'map' });
    });
  });
  const placeHere = button(L(lang, '用我的位置设卡点', 'Checkpoint where I stand'));
  placeHere.addEventListener('click', () => {
    placeStatus.textContent = L(lang, '正在定位…', 'Locating…');
    navigator.geolocation?.getCurrentPosition(
      (p) => {
        placeStatus.textContent = '';
        placeForm({ lng: p.coords.longitude, lat: p.coords.latitude, accuracyM: p.coords.accuracy, source: 'gps' });
      },
      (e) => {
        placeStatus.textContent = L(
          lang,
          `无法定位：${geolocationWords(e, lang)}`,
          `No position: ${geolocationWords(e, lang)}`,
        );
      },
      { enableHighAccuracy: true, timeout: 20_000 },
    );
  });

  // --- inspection --------------------------------------------------------------------------------------
  const officer = el('input', {
    id: 'inspect-officer',
    value: author.officerId,
    placeholder: L(lang, '警号', 'Officer id'),
  });
  officer.addEventListener('change', async () => {
    author = { role: 'police', officerId: officer.value.trim() };
    await saveAuthor(db, author);
  });
  const plate = el('input', {
    id: 'inspect-plate',
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    placeholder: '晋B·12345',
  });
  const plateNote = el('p', { class: 'hint', 'data-testid': 'plate-note' });
  const permitBox = el('div', { class: 'permit-box', 'data-testid': 'permit-result', 'aria-live': 'polite' });
  const destination = el('input', {
    id: 'inspect-destination',
    list: 'inspect-places',
    placeholder: L(lang, '问司机：运往哪里（可不填）', 'Ask the driver (optional)'),
  });
  const origin = el('input', { id: 'inspect-origin', list: 'inspect-places' });
  // Origins and destinations are suggested from the permits' destinations and the offline gazetteer.
  const places = el('datalist', { id: 'inspect-places' });
  const vehicleType = el(
    'select',
    { id: 'inspect-vehicle' },
    ...[
      ['', '—', '—'],
      ['重型自卸货车', '重型自卸货车', 'heavy dump truck'],
      ['重型半挂牵引车', '重型半挂牵引车', 'semi-trailer tractor'],
      ['中型货车', '中型货车', 'medium truck'],
      ['轻型货车', '轻型货车', 'light truck'],
      ['三轮/农用车', '三轮/农用车', 'three-wheeler / farm vehicle'],
      ['其他', '其他', 'other'],
    ].map(([value, zh, en]) => el('option', { value: value as string }, L(lang, zh as string, en as string))),
  );
  const coalType = el('input', {
    id: 'inspect-coal',
    placeholder: L(lang, '如：原煤、洗精煤、型煤', 'e.g. raw coal, briquettes'),
  });
  const tonnage = el('input', {
    id: 'inspect-tonnes',
    inputmode: 'decimal',
    placeholder: L(lang, '估计吨数', 'tonnes'),
  });
  const notes = el('input', { id: 'inspect-notes' });
  const photos = el('input', {
    id: 'inspect-photos',
    type: 'file',
    accept: 'image/*',
    capture: 'environment',
    multiple: '',
  });
  const routeLine = el('p', { class: 'hint', 'data-testid': 'inspect-route' });
  const inspectStatus = el('p', { class: 'inspect-status', role: 'status', 'data-testid': 'inspect-status' });
  const recent = el('ul', { class: 'record-list', 'data-testid': 'inspection-recent' });
  let resolver = destinationResolver([]);
  /** A button that fills `input` from a tap on the map: the nearest known place's name, else coordinates. */
  const pickButton = (input: HTMLInputElement, testid: string) => {
    const b = el(
      'button',
      { type: 'button', class: 'secondary', 'data-testid': testid },
      L(lang, '地图选点', 'Pick on map'),
    );
    b.addEventListener('click', () => {
      inspectStatus.textContent = L(lang, '在地图上点这个地点', 'Tap the place on the map');
      inspectStatus.className = 'inspect-status';
      document.getElementById('map')?.scrollIntoView({ block: 'nearest' });
      deps.setPick((lng, lat) => {
        deps.setPick(null);
        input.value = resolver.nameOf(lng, lat);
        inspectStatus.textContent = '';
        lookup();
        input.scrollIntoView({ block: 'nearest' });
      });
    });
    return b;
  };
  let current: { permit: Permit | null; result: PermitCheck | 'none' | 'no-register' } = {
    permit: null,
    result: 'none',
  };
  /** The register on this phone: how many permits and when it was last changed (null: never loaded). */
  let register: { count: number; updatedAt: string | null } = { count: 0, updatedAt: null };
  const registerStatus = el('p', { 'data-testid': 'register-status' });
  const showRegister = () => {
    const none = register.count === 0;
    registerStatus.className = none ? 'warn' : 'hint';
    registerStatus.dataset.register = none ? 'none' : 'loaded';
    registerStatus.textContent = none
      ? L(
          lang,
          '本机没有通行证登记表：无法判断车辆是否持证。请在下方“通行证登记表”导入发证部门的登记表，或电话向发证部门核实。',
          'No permit register on this phone: whether a truck holds a permit cannot be told. Import the licensing office’s register below (Permit register), or check by phone.',
        )
      : L(
          lang,
          `通行证登记表：${register.count} 张，更新于 ${register.updatedAt ? formatBeijingTime(Date.parse(register.updatedAt)) : '—'}（北京时间）`,
          `Permit register: ${register.count} permits, updated ${register.updatedAt ? formatBeijingTime(Date.parse(register.updatedAt)) : '—'} (Beijing time)`,
        );
  };
  /** The outcome a person most likely wants is the primary button: 放行 only for a valid permit. */
  const emphasise = (valid: boolean) =>
    outcomeButtons.forEach((b, k) => {
      const primary = valid ? k === 0 : OUTCOMES[k]?.[0] === 'turned-back';
      b.className = `${primary ? 'primary' : 'secondary'} outcome`;
    });
  let confirming: string | null = null;

  const lookup = () => {
    confirming = null;
    resetOutcomeLabels();
    const typed = plate.value;
    current = { permit: null, result: register.count === 0 ? 'no-register' : 'none' };
    emphasise(false);
    if (typed.trim() === '') {
      plateNote.textContent = '';
      replaceChildren(permitBox);
      emphasise(true);
      return;
    }
    const read = readPlate(typed);
    plateNote.textContent = read.ok
      ? read.display
      : lang === 'zh'
        ? (PLATE_REASON_ZH[read.reason.code] ?? read.reason.message)
        : read.reason.message;
    plateNote.className = read.ok ? 'hint' : 'field-error';
    const found = findPermits(index, typed);
    const now = Date.now();
    const dest = destination.value.trim() || null;
    if (found.exact) {
      const checked = found.permits.map((p) => ({ permit: p, result: checkPermit(p, now, dest, resolver.samePlace) }));
      checked.sort((a, b) => Number(b.result === 'valid') - Number(a.result === 'valid'));
      current = checked[0] ?? current;
      emphasise(current.result === 'valid');
      replaceChildren(permitBox, ...checked.map((c) => permitCard(c.permit, c.result)));
      return;
    }
    if (register.count === 0) {
      // Without a register "no permit" would be a guess that turns back trucks holding valid permits.
      replaceChildren(
        permitBox,
        el('p', { class: 'warn', 'data-result': 'no-register' }, L(lang, ...PERMIT_RESULT['no-register'])),
      );
      return;
    }
    // The verdict for the plate as typed comes first; a registered plate one character away is a question.
    const verdict = el(
      'p',
      { class: 'bad', 'data-result': 'none' },
      el('strong', {}, L(lang, '此车牌无通行证（未登记）', 'No permit for this plate (not registered)')),
    );
    replaceChildren(
      permitBox,
      verdict,
      ...found.permits.map((p) => {
        const pick = button(L(lang, '是这辆', 'Yes, this one'), { testid: 'pick-permit-plate' });
        pick.addEventListener('click', () => {
          plate.value = displayPlate(p.plate);
          lookup();
        });
        return el(
          'div',
          { class: 'permit-suggestion', 'data-suggested': p.number },
          el(
            'p',
            {},
            L(
              lang,
              `可能输错？是否为 ${displayPlate(p.plate)}（${p.holder}）？`,
              `A typo? Is it ${displayPlate(p.plate)} (${p.holder})?`,
            ),
          ),
          pick,
        );
      }),
    );
  };

  /** Whether the holder is among the exempt enterprises recorded here (said only once some are recorded). */
  const holderNote = (holder: string) => {
    if (enterprises.length === 0) return null;
    const known = enterprises.some((e) => e.name.replace(/\s+/g, '') === holder.replace(/\s+/g, ''));
    return known
      ? el(
          'span',
          { class: 'hint', 'data-holder': 'known' },
          L(lang, '（已登记的豁免企业）', ' (a recorded exempt enterprise)'),
        )
      : el(
          'span',
          { class: 'warn', 'data-holder': 'unknown' },
          L(lang, '（不在已登记的豁免企业中，请核实）', ' (not among the recorded exempt enterprises: verify)'),
        );
  };
  const permitCard = (p: Permit, result: PermitCheck) =>
    el(
      'div',
      { class: `permit ${result === 'valid' ? 'ok' : 'bad'}`, 'data-result': result, 'data-permit': p.number },
      el('strong', {}, L(lang, ...PERMIT_RESULT[result])),
      el('br'),
      `${displayPlate(p.plate)} · ${p.number} · ${p.holder}`,
      holderNote(p.holder),
      el('br'),
      `${L(lang, '货物', 'Cargo')}：${p.cargo || '—'} · ${L(lang, '目的地', 'To')}：${p.destination || '—'} · ${permitDates(p, lang)}`,
    );

  const outcomeButtons = OUTCOMES.map(([value, zh, en]) => {
    const b = el(
      'button',
      { type: 'button', class: value === 'passed' ? 'primary outcome' : 'secondary outcome', 'data-outcome': value },
      L(lang, zh, en),
    );
    b.addEventListener('click', () => void record(value, b));
    return b;
  });
  const resetOutcomeLabels = () =>
    outcomeButtons.forEach((b, k) => {
      b.textContent = L(lang, OUTCOMES[k]?.[1] ?? '', OUTCOMES[k]?.[2] ?? '');
    });

  const record = async (outcome: InspectionFields['outcome'], button: HTMLButtonElement) => {
    const cp = checkpoints.find((c) => c.id === cpSelect.value);
    if (!cp) {
      inspectStatus.textContent = L(
        lang,
        '请先选择本卡点（或在地图上放置一个）',
        'Choose this checkpoint first (or place one on the map)',
      );
      inspectStatus.className = 'inspect-status bad';
      return;
    }
    const read = readPlate(plate.value);
    if (!read.ok) {
      inspectStatus.textContent = L(
        lang,
        `车牌有误：${PLATE_REASON_ZH[read.reason.code] ?? read.reason.message}`,
        `Plate: ${read.reason.message}`,
      );
      inspectStatus.className = 'inspect-status bad';
      plate.focus();
      return;
    }
    // Passing a truck without a valid permit takes a second, deliberate tap.
    if (outcome === 'passed' && current.result !== 'valid' && confirming !== read.plate) {
      confirming = read.plate;
      button.textContent = L(
        lang,
        `确认放行（${PERMIT_RESULT[current.result][0]}）`,
        `Confirm pass (${PERMIT_RESULT[current.result][1]})`,
      );
      return;
    }
    const fields: InspectionFields = {
      checkpoint: cp.fields.name,
      plate: read.plate,
      vehicleType: vehicleType.value,
      coalType: coalType.value.trim(),
      tonnage: tonnage.value.trim(),
      origin: origin.value.trim(),
      destination: destination.value.trim() || current.permit?.destination || '',
      permitNumber: current.permit?.number ?? '',
      permitResult: current.result,
      outcome,
      routeCheck: routeAnswer ?? '',
      notes: notes.value.trim(),
    };
    let photoCount = 0;
    try {
      // Photos are read first: a file that is not an image stops the save before anything is written.
      const chosen = [...(photos.files ?? [])];
      const resized = chosen.length
        ? await import('./resize-photo.ts').then(({ resizePhoto }) => Promise.all(chosen.map((f) => resizePhoto(f))))
        : [];
      const saved = await createRecord(
        db,
        { kind: 'checkpoint-inspection', location: { ...cp.location }, fields },
        { author, zoneAnswer: cp.zoneAnswer },
      );
      for (const photo of resized) await addPhoto(db, saved.id, photo, { author, zoneAnswer: saved.zoneAnswer });
      photoCount = resized.length;
    } catch (e) {
      inspectStatus.textContent =
        e instanceof RecordValidationError
          ? e.errors.map((r) => recordReasonWords(r, lang)).join('；')
          : errorWords(e, lang);
      inspectStatus.className = 'inspect-status bad';
      return;
    }
    localStorage.setItem('coalzone.checkpoint', cp.id);
    inspectStatus.textContent = L(
      lang,
      `已记录：${read.display} · ${outcomeWords(outcome, 'zh')} · ${PERMIT_RESULT[current.result][0]}${photoCount ? ` · 照片 ${photoCount} 张` : ''}`,
      `Recorded: ${read.display} · ${outcomeWords(outcome, 'en')} · ${PERMIT_RESULT[current.result][1]}${photoCount ? ` · ${photoCount} photos` : ''}`,
    );
    inspectStatus.className = 'inspect-status ok';
    for (const input of [plate, destination, origin, coalType, tonnage, notes, vehicleType, photos]) input.value = '';
    lookup();
    plate.focus();
    await renderRecent();
  };

  const renderRecent = async () => {
    const since = new Date(Date.now() - 24 * 3600_000).toISOString();
    const rows = (await listRecords(db, {
      kind: 'checkpoint-inspection',
      from: since,
    })) as FieldRecord<'checkpoint-inspection'>[];
    replaceChildren(
      recent,
      ...rows
        .slice(0, 10)
        .map((r) =>
          el(
            'li',
            { 'data-recorded': r.fields.outcome },
            `${formatBeijingTime(Date.parse(r.createdAt)).slice(11, 16)} · ${displayPlate(r.fields.plate)} · ${L(lang, ...(PERMIT_RESULT[r.fields.permitResult] ?? ['', '']))} · `,
            el('strong', {}, outcomeWords(r.fields.outcome, lang)),
            ` · ${r.fields.checkpoint}`,
          ),
        ),
    );
  };

  plate.addEventListener('input', () => {
    // A new plate is a new truck: the last one's "已记录" must not stand beside it.
    if (inspectStatus.className.includes('ok')) {
      inspectStatus.textContent = '';
      inspectStatus.className = 'inspect-status';
    }
    lookup();
  });
  destination.addEventListener('input', lookup);
  cpSelect.addEventListener('change', () => localStorage.setItem('coalzone.checkpoint', cpSelect.value));

  // --- planning ----------------------------------------------------------------------------------------
  const planBox = el('div', { 'data-testid': 'plan-results', 'aria-live': 'polite' });
  const plan = () => {
    const traced = JSON.parse(g109Text) as Parameters<typeof roadCrossings>[1];
    const loaded = deps.map()?.userRoads() ?? { type: 'FeatureCollection' as const, features: [] };
    const all = dedupe([
      ...roadCrossings(deps.zone.index, traced, features()),
      ...roadCrossings(deps.zone.index, loaded, features()),
    ]);
    crossings = all;
    redraw();
    const ways = all.filter((c) => !c.along);
    const gaps = ways.filter((c) => c.checkpoint === null);
    replaceChildren(
      planBox,
      el(
        'p',
        { 'data-testid': 'plan-summary' },
        L(
          lang,
          `道路穿越边界 ${ways.length} 处，其中 ${gaps.length} 处无卡点（300 m 内）。${loaded.features.length > 0 ? `含已载入底图的 ${loaded.features.length} 段道路（当前地图视图内，移动地图后可再列一次）。` : '载入更完整的底图可列出更多道路。'}边界为推定，穿越点的位置随之不确定（见各行 ±）。`,
          `${ways.length} road crossings, ${gaps.length} without a checkpoint within 300 m. ${loaded.features.length > 0 ? `Includes ${loaded.features.length} road pieces of the loaded basemap (in the current map view; move the map and list again for more).` : 'Load a fuller basemap to list more roads.'} The line is a trace, so where a road crosses it is uncertain too (± on each row).`,
        ),
      ),
      el(
        'ul',
        { class: 'record-list' },
        ...ways.map((c) => {
          const item = el(
            'li',
            {
              'data-testid': 'crossing-row',
              'data-gap': String(c.checkpoint === null),
              class: c.checkpoint ? 'ok' : 'bad',
            },
            `${c.road} · ${sideName(c.side)} · ${c.direction === 'entry' ? L(lang, '沿线方向进入', 'runs in') : L(lang, '沿线方向离开', 'runs out')} · ${c.lng.toFixed(5)}, ${c.lat.toFixed(5)} · ±${Math.round(c.edgeUncertaintyM)} m · `,
            c.checkpoint
              ? L(lang, `卡点：${c.checkpoint}`, `checkpoint: ${c.checkpoint}`)
              : L(lang, '无卡点', 'no checkpoint'),
          );
          if (!c.checkpoint) {
            const here = button(L(lang, '在此设卡点', 'Checkpoint here'), { testid: 'checkpoint-here' });
            here.addEventListener('click', () =>
              placeForm({ lng: c.lng, lat: c.lat, accuracyM: ROAD_POSITION_M, source: 'map' }, c.road),
            );
            item.append(' ', here);
          }
          return item;
        }),
      ),
      all.some((c) => c.along)
        ? el(
            'p',
            { class: 'hint' },
            L(
              lang,
              `另有 ${all.filter((c) => c.along).length} 处是推定边界离开或回到京拉线/御河西路等边界道路的地方（道路本身即边界），不是入口。`,
              `${all.filter((c) => c.along).length} more are where the trace leaves or rejoins a boundary road (the road is the boundary): not ways in.`,
            ),
          )
        : null,
    );
  };
  const planButton = button(L(lang, '列出道路穿越点', 'List road crossings'), { testid: 'plan-run' });
  planButton.addEventListener('click', plan);

  // --- layout ------------------------------------------------------------------------------------------
  const permitsBox = el('div');
  const routeBox = el('div');
  const liveBox = el('div');
  const section = (title: string, id: string, open: boolean, ...children: (Node | string | null)[]) =>
    el('details', { class: 'cp-section', id, ...(open ? { open: '' } : {}) }, el('summary', {}, title), ...children);
  replaceChildren(
    root,
    el('h2', {}, L(lang, '卡点检查（公安）', 'Checkpoints (police)')),
    section(
      L(lang, '车辆检查', 'Inspect a truck'),
      'cp-inspect',
      true,
      el(
        'div',
        { class: 'row-form' },
        el('label', { for: 'inspect-checkpoint' }, L(lang, '本卡点', 'Checkpoint')),
        cpSelect,
      ),
      el('label', { for: 'inspect-plate', class: 'big-label' }, L(lang, '车牌', 'Plate')),
      registerStatus,
      plate,
      plateNote,
      permitBox,
      // The outcome right under the verdict: the whole check fits a phone screen without scrolling.
      el('div', { class: 'outcomes' }, ...outcomeButtons),
      inspectStatus,
      el(
        'div',
        { class: 'field' },
        el('label', { for: 'inspect-destination' }, L(lang, '申报目的地', 'Declared destination')),
        destination,
        pickButton(destination, 'pick-destination'),
        places,
      ),
      el(
        'details',
        {},
        el('summary', {}, L(lang, '车辆、货物、起点与备注（可不填）', 'Vehicle, cargo, origin and notes (optional)')),
        el(
          'div',
          { class: 'field' },
          el('label', { for: 'inspect-vehicle' }, L(lang, '车型', 'Vehicle type')),
          vehicleType,
        ),
        el(
          'div',
          { class: 'field' },
          el('label', { for: 'inspect-origin' }, L(lang, '申报起点', 'Declared origin')),
          origin,
          pickButton(origin, 'pick-origin'),
        ),
        el('div', { class: 'field' }, el('label', { for: 'inspect-coal' }, L(lang, '煤种', 'Coal type')), coalType),
        el(
          'div',
          { class: 'field' },
          el('label', { for: 'inspect-tonnes' }, L(lang, '估计吨数', 'Estimated tonnes')),
          tonnage,
        ),
        el('div', { class: 'field' }, el('label', { for: 'inspect-notes' }, L(lang, '备注', 'Notes')), notes),
      ),
      routeLine,
      el(
        'div',
        { class: 'field' },
        el(
          'label',
          { for: 'inspect-photos' },
          L(lang, '拍照（车辆、车牌、货物，可不拍）', 'Photos (truck, plate, cargo; optional)'),
        ),
        photos,
      ),
      el(
        'div',
        { class: 'row-form' },
        el('label', { for: 'inspect-officer' }, L(lang, '检查民警（警号）', 'Officer id')),
        officer,
      ),
      el(
        'p',
        { class: 'hint' },
        L(
          lang,
          '24 小时内的检查（照片与修改在“记录”页）',
          'Inspections in the last 24 h (photos and edits in Records)',
        ),
      ),
      recent,
    ),
    section(
      L(lang, '卡点', 'Checkpoints'),
      'cp-sites',
      false,
      el('div', { class: 'row-form' }, placeOnMap, placeHere),
      placeStatus,
      placeBox,
      cpList,
    ),
    section(L(lang, '通行证登记', 'Permit register'), 'cp-permits', false, permitsBox),
    section(L(lang, '路线核查', 'Route check'), 'cp-route', false, routeBox),
    section(L(lang, '实时跟踪', 'Live mode'), 'cp-live', false, liveBox),
    section(
      L(lang, '卡点规划', 'Checkpoint planning'),
      'cp-plan',
      false,
      el(
        'p',
        { class: 'hint' },
        L(
          lang,
          '从已描绘的道路（G109 京拉线）和已载入的底图道路，列出道路穿越推定边界的位置，标出 300 m 内没有卡点的缺口。',
          'From the traced roads (G109) and a loaded basemap’s roads, lists where roads cross the traced line and which have no checkpoint within 300 m.',
        ),
      ),
      planButton,
      planBox,
    ),
  );

  // Known destinations: the exempt enterprises recorded in the app, then the located gazetteer places.
  let enterprises: KnownPlace[] = [];
  let gazetteer: KnownPlace[] = [];
  const fillPlaces = () => {
    resolver = destinationResolver([...enterprises, ...gazetteer]);
    const names = [
      ...[...index.values()].flat().map((p) => p.destination),
      ...enterprises.map((p) => p.name),
      ...gazetteer.map((p) => p.name),
    ].filter(Boolean);
    replaceChildren(places, ...[...new Set(names)].map((name) => el('option', { value: name })));
  };
  enterprises = ((await listRecords(db, { kind: 'exempt-enterprise' })) as FieldRecord<'exempt-enterprise'>[])
    .filter((r) => r.status === 'active')
    .map((r) => ({ name: r.fields.name, lng: r.location.lng, lat: r.location.lat }));
  await mountPermitsPanel(permitsBox, db, lang, (permits) => {
    index = permitIndex(permits);
    register = {
      count: permits.length,
      updatedAt: permits.reduce<string | null>((m, p) => (m === null || p.updatedAt > m ? p.updatedAt : m), null),
    };
    showRegister();
    fillPlaces();
    lookup();
  });
  void import('../../data/places/places.json').then((data) => {
    gazetteer = (data.default as { places: { name: string; lng: number | null; lat: number | null }[] }).places
      .filter((p) => p.lng !== null && p.lat !== null)
      .map((p) => ({ name: p.name, lng: p.lng as number, lat: p.lat as number }));
    fillPlaces();
  });
  mountRoutePanel(routeBox, {
    lang,
    checker: () => {
      checker ??= createRouteChecker(deps.zone.feature);
      return checker;
    },
    sideName,
    checkpoints: features,
    map: deps.map,
    countyZones: deps.countyZones,
    permitFor: (plateText, end, at) => {
      if (register.count === 0) return { words: L(lang, ...PERMIT_RESULT['no-register']), valid: false };
      const found = findPermits(index, plateText);
      if (!found.exact) return { words: L(lang, ...PERMIT_RESULT.none), valid: false };
      const dest = end ? resolver.nameOf(end[0], end[1]) : null;
      const checked = found.permits.map((p) => ({
        p,
        result: checkPermit(p, at ?? Date.now(), dest, resolver.samePlace),
      }));
      const best = checked.find((c) => c.result === 'valid') ?? checked[0];
      if (!best) return { words: L(lang, ...PERMIT_RESULT.none), valid: false };
      const where = dest ? L(lang, `（终点：${dest}）`, ` (ends at ${dest})`) : '';
      return {
        words: `${L(lang, ...PERMIT_RESULT[best.result])} · ${best.p.number}${where}`,
        valid: best.result === 'valid',
      };
    },
    onAnswer: (words) => {
      routeAnswer = words;
      routeLine.textContent = words
        ? L(lang, `路线核查（将附在检查记录中）：${words}`, `Route check (saved with the inspection): ${words}`)
        : '';
    },
  });
  const stopLive = mountLivePanel(liveBox, lang, deps.zone.index, deps.map);
  await loadCheckpoints();
  await renderRecent();
  return { redraw, dispose: stopLive };
}

function outcomeWords(outcome: InspectionFields['outcome'], lang: Lang): string {
  const found = OUTCOMES.find((o) => o[0] === outcome);
  return found ? L(lang, found[1], found[2]) : outcome;
}

function answerWords(answer: PointAnswer, lang: Lang): string {
  const where =
    answer.status === 'inside'
      ? L(lang, '区内', 'inside')
      : answer.status === 'near'
        ? L(lang, '临界', 'near the line')
        : L(lang, '区外', 'outside');
  return `${where}${L(lang, '，距推定边界', ', ')} ${Math.abs(Math.round(answer.signedDistanceM))} m${L(lang, '', ' from the traced line')}（±${Math.round(answer.uncertaintyM)} m）`;
}

/** Crossings from tiled basemap roads repeat where tiles overlap, and a loaded basemap may hold the traced
 *  roads again: keep the first crossing per 30 m. */
function dedupe(list: RoadCrossing[]): RoadCrossing[] {
  const out: RoadCrossing[] = [];
  for (const c of list)
    if (!out.some((o) => Math.abs(o.lng - c.lng) < 0.00035 && Math.abs(o.lat - c.lat) < 0.00027)) out.push(c);
  return out;
}
