/**
 * The evidence part of the records settings (decision 0015): this device's id and key fingerprint, a receipt
 * of its signed chain head (JSON to keep, text to print), its public key for others to trust, a check of the
 * device's records against a receipt or an older backup, and the devices whose backups were imported here.
 * All text is textContent.
 */
import { readBundle } from '../io/backup-bundle.ts';
import { parseAnchor, receiptOf, receiptText } from '../records/anchor-file.ts';
import { keyFingerprint } from '../records/device-key.ts';
import type { SignedHead } from '../records/signed-head.ts';
import type { EvidenceProblem } from '../records/verify-evidence.ts';
import { deviceFingerprint, deviceKey, seenHeads, signCurrentHead } from '../store/device-keys.ts';
import { deviceId, type RecordsDatabase } from '../store/records-db.ts';
import { verifyStore } from '../store/verify-store.ts';
import { downloadFile, el, replaceChildren } from './dom.ts';
import { L, type Lang, problemText } from './i18n.ts';

/** The outcome of the in-app verify in words, naming the device and its key. */
export function verifyText(
  lang: Lang,
  problem: EvidenceProblem | null,
  device: { id: string; fingerprint: string },
  against?: SignedHead,
): string {
  const who = L(
    lang,
    `设备 ${device.id} · 密钥指纹 ${device.fingerprint}`,
    `device ${device.id} · key fingerprint ${device.fingerprint}`,
  );
  if (problem)
    return L(
      lang,
      `校验失败${problem.seq ? `：第 ${problem.seq} 条` : ''}（${problem.reason}）${problem.zh} — ${problem.message} · ${who}`,
      `Verification failed${problem.seq ? ` at entry ${problem.seq}` : ''} (${problem.reason}): ${problem.message} · ${who}`,
    );
  const anchor = against
    ? L(
        lang,
        ` · 延续回执的第 ${against.seq} 条（${against.at}），无缺失、无回滚`,
        ` · extends entry ${against.seq} of the receipt (${against.at}): nothing missing or rolled back`,
      )
    : '';
  return L(
    lang,
    `校验通过：记录、照片与审计链完整 · ${who}${anchor}`,
    `Verified: records, photos and audit chain intact · ${who}${anchor}`,
  );
}

/** Mounts the panel into `box`; `status` shows outcomes. Resolves to a refresh for after imports. */
export async function mountEvidencePanel(
  box: HTMLElement,
  db: RecordsDatabase,
  lang: Lang,
  status: HTMLElement,
): Promise<{ refresh: () => Promise<void> }> {
  const device = { id: await deviceId(db), fingerprint: await deviceFingerprint(db) };
  const seen = el('ul', { class: 'known-devices', 'data-testid': 'known-devices' });
  const action = (label: string, testid: string, run: () => Promise<void>) => {
    const b = el('button', { type: 'button', class: 'secondary', 'data-testid': testid }, label);
    b.addEventListener('click', () => void run().catch((e) => (status.textContent = problemText(lang, e as Error))));
    return b;
  };
  const receiptJson = action(L(lang, '下载回执（JSON）', 'Download receipt (JSON)'), 'receipt-json', async () => {
    const head = await signCurrentHead(db);
    downloadFile(
      `coalzone-receipt-${head.seq}.json`,
      JSON.stringify(receiptOf(head, device.fingerprint), null, 1),
      'application/json',
    );
    status.textContent = L(
      lang,
      `回执已生成：第 ${head.seq} 条，密钥指纹 ${device.fingerprint}。请另处保存或打印。`,
      `Receipt made: entry ${head.seq}, key fingerprint ${device.fingerprint}. Keep it elsewhere or print it.`,
    );
  });
  const receiptPrint = action(
    L(lang, '下载回执（打印文本）', 'Download receipt (text to print)'),
    'receipt-text',
    async () => {
      const head = await signCurrentHead(db);
      downloadFile(
        `coalzone-receipt-${head.seq}.txt`,
        receiptText(head, device.fingerprint),
        'text/plain;charset=utf-8',
      );
    },
  );
  const publicKey = action(L(lang, '导出公钥', 'Export public key'), 'public-key', async () => {
    const key = { format: 'coalzone-device-key', deviceId: device.id, fingerprint: device.fingerprint };
    downloadFile(
      `coalzone-key-${device.fingerprint.slice(0, 9).replace(' ', '')}.pub.json`,
      JSON.stringify({ ...key, publicKey: (await deviceKey(db)).publicKey }, null, 1),
      'application/json',
    );
  });
  const anchorInput = el('input', {
    type: 'file',
    accept: '.json,.zip',
    id: 'anchor-file',
    'aria-label': L(lang, '对照回执或旧备份校验', 'Verify against a receipt or an older backup'),
  });
  anchorInput.addEventListener('change', async () => {
    const file = anchorInput.files?.[0];
    if (!file) return;
    try {
      const anchor = await readAnchor(new Uint8Array(await file.arrayBuffer()), lang);
      status.textContent = verifyText(lang, await verifyStore(db, { anchor }), device, anchor);
    } catch (error) {
      status.textContent = problemText(lang, error as Error);
    } finally {
      anchorInput.value = '';
    }
  });
  const refresh = async () => {
    const heads = Object.values(await seenHeads(db));
    const rows = await Promise.all(
      heads.map(async (h) =>
        el(
          'li',
          {},
          L(
            lang,
            `设备 ${h.deviceId} · 密钥指纹 ${await keyFingerprint(h.publicKey)} · 已见到第 ${h.seq} 条（${h.at}）`,
            `device ${h.deviceId} · key fingerprint ${await keyFingerprint(h.publicKey)} · seen up to entry ${h.seq} (${h.at})`,
          ),
        ),
      ),
    );
    replaceChildren(
      seen,
      ...(rows.length > 0
        ? rows
        : [el('li', {}, L(lang, '尚未导入其他设备的备份', 'No other device’s backup imported yet'))]),
    );
  };
  replaceChildren(
    box,
    el('h3', {}, L(lang, '本机密钥与回执', 'Device key and receipts')),
    el(
      'p',
      {},
      L(lang, `设备 ${device.id} · 密钥指纹 `, `Device ${device.id} · key fingerprint `),
      el('code', { 'data-testid': 'device-fingerprint' }, device.fingerprint),
    ),
    el(
      'p',
      { class: 'hint' },
      L(
        lang,
        '备份与回执都用本机密钥签名。回执请另处保存或打印：日后可凭它查出被删除或回滚的记录。',
        'Backups and receipts are signed with this device’s key. Keep a receipt elsewhere or print it: it later shows any record deleted or rolled back.',
      ),
    ),
    el('div', { class: 'row-form' }, receiptJson, receiptPrint, publicKey),
    el('label', { for: 'anchor-file' }, L(lang, '对照回执或旧备份校验', 'Verify against a receipt or an older backup')),
    anchorInput,
    el('h4', {}, L(lang, '已知设备（导入过其备份）', 'Known devices (backups imported)')),
    seen,
  );
  await refresh();
  return { refresh };
}

/** The head in a receipt (.json) or an older backup (.zip). */
async function readAnchor(bytes: Uint8Array, lang: Lang): Promise<SignedHead> {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    const older = await readBundle(bytes);
    if (older.head) return older.head;
    throw new Error(
      L(lang, '未签名的第 1 版备份不能作为回执', 'an unsigned version 1 backup cannot serve as a receipt'),
    );
  }
  const parsed = parseAnchor(new TextDecoder().decode(bytes));
  if ('problem' in parsed)
    throw Object.assign(new Error(`not a receipt: ${parsed.problem}`), {
      detail: { zh: `不是回执：${parsed.problem}`, reason: 'BAD_ANCHOR' },
    });
  return parsed.head;
}
