/**
 * The bureau's page, part one: residents' reports waiting for an agency. Every violation report on this
 * (admin) device that is received or assigned, newest first, with the reporter's phone (only the bureau sees
 * it), the place and the zone answer; an agency chosen from the server's list and 交办 sends the assignment
 * (server/src/assign-record.ts), then a sync brings the new status back. Needs the network; says so without.
 */
import { formatBeijingTime } from '../io/parse-time.ts';
import { displayPhone } from '../records/phone.ts';
import type { FieldRecord } from '../records/record.ts';
import { choiceLabel, ROLE_LABELS, STATUS_LABELS, ZONE_LABELS } from '../records/record-labels.ts';
import type { Agency, BureauClient } from '../sync/bureau-client.ts';
import { SyncFailure } from '../sync/sync-problem.ts';
import { button, el, replaceChildren } from './dom.ts';
import { L, type Lang } from './i18n.ts';

/** What the part needs. */
export interface AssignDeps {
  lang: Lang;
  client: BureauClient;
  reports: () => Promise<FieldRecord<'violation-report'>[]>;
  /** Pulls from the server (the assignment's new version). */
  sync: () => Promise<void>;
  showPoint: (lng: number, lat: number) => void;
}

const words = (lang: Lang, label: { zh: string; en: string } | undefined, fallback: string) =>
  label ? L(lang, label.zh, label.en) : fallback;

/** Mounts the list into `root`; returns how to redraw it. */
export function mountAssignList(root: HTMLElement, deps: AssignDeps): { refresh(): Promise<void> } {
  const { lang, client } = deps;
  let agencies: Agency[] | null = null;
  let agencyProblem = '';
  const message = el('p', { class: 'hint', 'data-testid': 'bureau-assign-message', role: 'status' });
  const list = el('ol', { class: 'record-list', 'data-testid': 'bureau-reports' });

  const failureText = (error: unknown) =>
    error instanceof SyncFailure ? L(lang, error.problem.zh, error.problem.en) : L(lang, '操作失败。', 'It failed.');

  const item = (r: FieldRecord<'violation-report'>) => {
    const f = r.fields;
    const last = r.statusHistory.at(-1);
    const select = el('select', { 'aria-label': L(lang, '交办给', 'Assign to'), 'data-testid': 'bureau-agency' });
    select.append(el('option', { value: '' }, L(lang, '选择机构…', 'Choose an agency…')));
    for (const a of agencies ?? [])
      select.append(
        el('option', { value: a.id }, `${a.name}（${words(lang, ROLE_LABELS[a.role as 'police'], a.role)}）`),
      );
    const note = el('input', {
      type: 'text',
      maxlength: '500',
      placeholder: L(lang, '交办说明（可不填）', 'Note (optional)'),
      'aria-label': L(lang, '交办说明', 'Note'),
    });
    const send = button(L(lang, '交办', 'Assign'), { primary: true, testid: 'bureau-assign' });
    send.disabled = agencies === null;
    send.addEventListener('click', async () => {
      if (!select.value) {
        message.textContent = L(lang, '请先选择要交办的机构。', 'Choose the agency first.');
        return;
      }
      send.disabled = true;
      message.textContent = L(lang, '正在交办…', 'Assigning…');
      try {
        await client.assign(r.id, select.value, note.value.trim());
        await deps.sync();
        message.textContent = L(
          lang,
          `已交办：${select.selectedOptions[0]?.textContent ?? select.value}`,
          `Assigned to ${select.value}`,
        );
        await refresh();
      } catch (error) {
        message.textContent = failureText(error);
        send.disabled = false;
      }
    });
    const where = button(L(lang, '在地图上看', 'Show on map'));
    where.addEventListener('click', () => deps.showPoint(r.location.lng, r.location.lat));
    const answer = r.zoneAnswer ? words(lang, ZONE_LABELS[r.zoneAnswer.status], r.zoneAnswer.status) : '';
    return el(
      'li',
      { class: 'record', 'data-testid': 'bureau-report', 'data-id': r.id, 'data-status': r.status },
      el(
        'strong',
        {},
        `${choiceLabel('violation-report', 'what', f.what, lang)} · ${words(lang, STATUS_LABELS[r.status], r.status)}`,
      ),
      el('p', {}, f.description),
      el(
        'p',
        { class: 'hint' },
        `${L(lang, '发现', 'Seen')} ${formatBeijingTime(Date.parse(f.observedAt)).slice(0, 16)} · ` +
          `${r.location.lat.toFixed(5)}, ${r.location.lng.toFixed(5)}${answer ? ` · ${answer}` : ''}`,
      ),
      f.contact
        ? el(
            'p',
            { class: 'hint', 'data-testid': 'bureau-contact' },
            `${L(lang, '举报人', 'Reporter')}：${f.contact.name || L(lang, '未留姓名', 'no name')} ${displayPhone(f.contact.phone)}`,
          )
        : null,
      last && r.status === 'assigned' ? el('p', { class: 'hint', 'data-testid': 'bureau-step' }, last.note) : null,
      el('div', { class: 'row' }, select, note, send, where),
    );
  };

  const refresh = async () => {
    // Asked each time: the bureau may have made an agency since (below, or on another admin device).
    try {
      agencies = (await client.agencies()).filter((a) => a.role !== 'ecology');
      agencyProblem = '';
    } catch (error) {
      agencyProblem = `${failureText(error)} ${L(lang, '交办需要联网。', 'Assigning needs the network.')}`;
    }
    const open = (await deps.reports())
      .filter((r) => !r.deleted && (r.status === 'received' || r.status === 'assigned'))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    replaceChildren(list, ...open.map(item));
    if (agencyProblem) message.textContent = agencyProblem;
    else if (open.length === 0)
      message.textContent = L(lang, '没有待交办或处理中的举报。', 'No reports waiting or in hand.');
  };

  replaceChildren(root, el('h3', {}, L(lang, '居民举报：交办', "Residents' reports: assign")), message, list);
  void refresh();
  return { refresh };
}
