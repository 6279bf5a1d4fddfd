/**
 * The bureau's page, part three: agencies and phones. The enrolled devices with their agency, fingerprint and
 * state, each revocable (asked twice: a revoked phone can no longer sync); a one-time enrolment code for a new
 * phone of an agency (shown once, with its expiry in Beijing time); a new agency — a county takes its
 * district's outline (data/context/districts.geojson) as the area it sees.
 */
import { formatBeijingTime } from '../io/parse-time.ts';
import { ROLE_LABELS } from '../records/record-labels.ts';
import type { Agency, BureauClient } from '../sync/bureau-client.ts';
import { SyncFailure } from '../sync/sync-problem.ts';
import { button, el, replaceChildren } from './dom.ts';
import { L, type Lang } from './i18n.ts';

const ROLES = ['police', 'market-regulation', 'city-management', 'county', 'ecology'] as const;

/** Mounts the part into `root`. */
export function mountDevicesPart(
  root: HTMLElement,
  deps: { lang: Lang; client: BureauClient; onAgencies: () => void },
): { refresh(): Promise<void> } {
  const { lang, client } = deps;
  const message = el('p', { class: 'hint', role: 'status', 'data-testid': 'bureau-devices-message' });
  const devices = el('ol', { class: 'record-list', 'data-testid': 'bureau-devices' });
  const codeOut = el('p', { 'data-testid': 'bureau-code', class: 'code' });
  const agencySelect = el('select', { 'aria-label': L(lang, '机构', 'Agency'), 'data-testid': 'bureau-code-agency' });
  const fail = (error: unknown) => {
    message.textContent =
      error instanceof SyncFailure ? L(lang, error.problem.zh, error.problem.en) : L(lang, '操作失败。', 'It failed.');
  };
  const roleWords = (role: string) => {
    const l = ROLE_LABELS[role as 'police'];
    return l ? L(lang, l.zh, l.en) : role;
  };

  const refresh = async () => {
    try {
      const [agencies, list] = await Promise.all([client.agencies(), client.devices()]);
      const byId = new Map<string, Agency>(agencies.map((a) => [a.id, a]));
      replaceChildren(
        agencySelect,
        ...agencies.map((a) => el('option', { value: a.id }, `${a.name}（${roleWords(a.role)}）`)),
      );
      replaceChildren(
        devices,
        ...list.map((d) => {
          const revoke = button(L(lang, '吊销', 'Revoke'), { testid: 'bureau-revoke' });
          revoke.hidden = d.revoked_at !== null || d.id === client.deviceId;
          revoke.addEventListener('click', async () => {
            const sure = L(
              lang,
              `吊销设备“${d.label || d.id}”？吊销后它不能再同步。`,
              `Revoke “${d.label || d.id}”? It can no longer sync.`,
            );
            if (!confirm(sure)) return;
            try {
              await client.revoke(d.id);
              message.textContent = L(lang, `已吊销：${d.label || d.id}`, `Revoked: ${d.label || d.id}`);
              await refresh();
            } catch (error) {
              fail(error);
            }
          });
          const agency = byId.get(d.agency_id);
          const state = d.revoked_at
            ? L(lang, `已吊销 ${formatBeijingTime(Date.parse(d.revoked_at)).slice(0, 16)}`, 'revoked')
            : L(lang, `已同步 ${d.head_seq} 条`, `${d.head_seq} entries synced`);
          return el(
            'li',
            {
              class: 'record',
              'data-testid': 'bureau-device',
              'data-id': d.id,
              'data-revoked': String(!!d.revoked_at),
            },
            el('strong', {}, `${d.label || d.id}${d.is_admin ? L(lang, '（管理员）', ' (admin)') : ''}`),
            el(
              'p',
              { class: 'hint' },
              `${agency ? agency.name : d.agency_id} · ${L(lang, '指纹', 'fingerprint')} ${d.fingerprint.slice(0, 16)} · ` +
                `${L(lang, '登记', 'enrolled')} ${formatBeijingTime(Date.parse(d.enrolled_at)).slice(0, 16)} · ${state}`,
            ),
            revoke,
          );
        }),
      );
    } catch (error) {
      fail(error);
    }
  };

  const label = el('input', {
    type: 'text',
    maxlength: '100',
    placeholder: L(lang, '设备名称，如 平城公安 3 号', 'Device name'),
  });
  const asAdmin = el('input', { type: 'checkbox', 'data-testid': 'bureau-code-admin' });
  const makeCode = button(L(lang, '生成登记码', 'Make an enrolment code'), {
    primary: true,
    testid: 'bureau-code-make',
  });
  makeCode.addEventListener('click', async () => {
    try {
      const made = await client.enrolmentCode(agencySelect.value, label.value.trim(), asAdmin.checked);
      codeOut.textContent = L(
        lang,
        `登记码 ${made.code}（一次有效，${formatBeijingTime(Date.parse(made.expiresAt)).slice(0, 16)} 前使用）`,
        `Code ${made.code} (once, before ${formatBeijingTime(Date.parse(made.expiresAt)).slice(0, 16)} Beijing time)`,
      );
    } catch (error) {
      fail(error);
    }
  });

  const id = el('input', {
    type: 'text',
    pattern: '[a-z0-9-]{2,60}',
    placeholder: 'police-pingcheng',
    'aria-label': L(lang, '机构代码（小写字母、数字、-）', 'Agency id (a-z, 0-9, -)'),
    'data-testid': 'bureau-agency-id',
  });
  const name = el('input', {
    type: 'text',
    maxlength: '200',
    placeholder: L(lang, '平城公安分局', 'Agency name'),
    'aria-label': L(lang, '机构名称', 'Agency name'),
    'data-testid': 'bureau-agency-name',
  });
  const role = el(
    'select',
    { 'aria-label': L(lang, '职能', 'Role'), 'data-testid': 'bureau-agency-role' },
    ...ROLES.map((r) => el('option', { value: r }, roleWords(r))),
  );
  const district = el('select', { 'aria-label': L(lang, '县区辖区', 'District'), hidden: '' });
  role.addEventListener('change', async () => {
    district.hidden = role.value !== 'county';
    if (role.value === 'county' && district.options.length === 0) {
      const { default: text } = await import('../../data/context/districts.geojson?raw');
      for (const f of (JSON.parse(text) as { features: { properties: { adcode: number; name: string } }[] }).features)
        district.append(el('option', { value: String(f.properties.adcode) }, f.properties.name));
    }
  });
  const create = button(L(lang, '新建机构', 'Create the agency'), { testid: 'bureau-agency-create' });
  create.addEventListener('click', async () => {
    try {
      let area: unknown;
      if (role.value === 'county') {
        const { default: text } = await import('../../data/context/districts.geojson?raw');
        const features = (JSON.parse(text) as { features: { properties: { adcode: number }; geometry: unknown }[] })
          .features;
        area = features.find((f) => String(f.properties.adcode) === district.value)?.geometry;
      }
      await client.createAgency({
        id: id.value.trim(),
        name: name.value.trim(),
        role: role.value,
        ...(area ? { area } : {}),
      } as Agency);
      message.textContent = L(lang, `已新建机构：${name.value.trim()}`, `Agency created: ${name.value.trim()}`);
      await refresh();
      deps.onAgencies();
    } catch (error) {
      fail(error);
    }
  });

  const again = button(L(lang, '刷新设备列表', 'Refresh the list'), { testid: 'bureau-devices-refresh' });
  again.addEventListener('click', () => void refresh());
  replaceChildren(
    root,
    el('h3', {}, L(lang, '机构与设备', 'Agencies and phones')),
    message,
    devices,
    again,
    el('h4', {}, L(lang, '登记新手机', 'Enrol a new phone')),
    el(
      'div',
      { class: 'row' },
      agencySelect,
      label,
      el('label', {}, asAdmin, L(lang, '管理员（仅生态环境局）', 'admin (bureau only)')),
      makeCode,
    ),
    codeOut,
    el('h4', {}, L(lang, '新建机构', 'New agency')),
    el('div', { class: 'row' }, id, name, role, district, create),
  );
  void refresh();
  return { refresh };
}
