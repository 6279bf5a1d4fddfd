import { describe, expect, it } from 'vitest';
import { GENESIS, nextEntry, verifyChain } from '../../src/records/audit-chain.ts';
import { canonicalJson, hashJson } from '../../src/records/canonical-json.ts';
import { normalisePhone } from '../../src/records/phone.ts';
import { canMove, validateRecordInput } from '../../src/records/validate-record.ts';

const author = { role: 'county' as const, officerId: 'P-001' };

async function chain(n: number) {
  const entries = [];
  let previous: Awaited<ReturnType<typeof nextEntry>> | undefined;
  for (let i = 0; i < n; i++) {
    previous = await nextEntry(previous, {
      recordId: `r${i % 2}`,
      op: 'create',
      at: `2026-12-01T00:0${i}:00Z`,
      author,
      deviceId: 'd',
      payloadHash: GENESIS,
    });
    entries.push(previous);
  }
  return entries;
}

describe('canonical JSON', () => {
  it('hashes the same whatever the key order', async () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"e":3,"f":2}]},"b":1}',
    );
    expect(await hashJson({ x: 1, y: 2 })).toBe(await hashJson({ y: 2, x: 1 }));
  });
});

describe('audit chain', () => {
  it('verifies an untouched chain', async () => {
    expect(await verifyChain(await chain(5))).toBeNull();
  });
  it('names the first altered entry', async () => {
    const entries = await chain(5);
    entries[2] = { ...entries[2]!, op: 'delete' };
    expect(await verifyChain(entries)).toMatchObject({ seq: 3, reason: 'ENTRY_ALTERED' });
  });
  it('notices a removed entry and a re-signed entry', async () => {
    const removed = await chain(5);
    removed.splice(1, 1);
    expect(await verifyChain(removed)).toMatchObject({ seq: 3, reason: 'SEQUENCE_GAP' });
    const resigned = await chain(4);
    const { hash: _, ...unsigned } = { ...resigned[1]!, at: '2030-01-01T00:00:00Z' };
    resigned[1] = { ...unsigned, hash: await hashJson(unsigned) };
    expect(await verifyChain(resigned)).toMatchObject({ seq: 3, reason: 'CHAIN_BROKEN' });
  });
});

describe('record validation', () => {
  const location = { lng: 113.3, lat: 40.09, accuracyM: 10, source: 'gps' as const };
  it('reports every field error at once', () => {
    const { errors } = validateRecordInput({
      kind: 'sales-point',
      location: { ...location, lat: Number.NaN },
      fields: { name: '', operator: '', address: '', mode: 'flying' as never, sells: [], phone: '12345' },
    });
    expect(errors.map((e) => `${e.path}:${e.code}`).sort()).toEqual([
      'fields.mode:NOT_ALLOWED',
      'fields.name:REQUIRED',
      'fields.phone:BAD_PHONE',
      'location:NOT_A_NUMBER',
    ]);
  });
  it('normalises phones as written in Datong', () => {
    expect(normalisePhone('+86 138-1234-5678')).toBe('13812345678');
    expect(normalisePhone('0352 5022085')).toBe('0352-5022085');
    expect(normalisePhone('（0352）5020288')).toBe('0352-5020288');
    expect(normalisePhone('5022085')).toBe('0352-5022085');
    for (const bad of ['12345', '1381234567', 'abc', '0352-123']) expect(normalisePhone(bad)).toBeNull();
    const { fields } = validateRecordInput({
      kind: 'violation-report',
      location,
      fields: {
        what: 'burning',
        description: '',
        observedAt: '2026-12-01T08:00:00+08:00',
        contact: { name: '张三', phone: '138 1234 5678' },
      },
    });
    expect((fields.contact as { phone: string }).phone).toBe('13812345678');
  });
  it('follows the status flow of each kind', () => {
    expect(canMove('sales-point', 'found', 'ordered-to-stop')).toBe(true);
    expect(canMove('sales-point', 'closed', 'reinspected')).toBe(true);
    expect(canMove('appliance', 'removed', 'found')).toBe(false);
  });
});
