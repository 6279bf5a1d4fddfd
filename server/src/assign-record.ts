/**
 * The bureau assigns a resident's report to an agency: the report moves to "assigned" (or stays there when it
 * is passed on to another agency), a status step names the agency and the admin device, the server's audit
 * chain takes the change, and the agency's phones pull the report from then on (pull-records.ts), whatever
 * their role, with the reporter's contact still hidden from them.
 */
import type { FieldRecord } from '../../src/records/record.ts';
import { canMove } from '../../src/records/validate-record.ts';
import { lockClock } from './change-clock.ts';
import type { Database } from './database.ts';
import { badRequest, notFound } from './errors.ts';
import { writeServerChange } from './server-changes.ts';

/** What an assignment answers. */
export interface Assigned {
  id: string;
  status: string;
  agencyId: string;
  hash: string;
}

/** Assigns the report `id` to `agencyId`, with the admin's `note`. */
export async function assignRecord(
  db: Database,
  id: string,
  agencyId: string,
  note: string,
  byDevice: string,
  at: string,
): Promise<Assigned> {
  return db.transaction(async (tx) => {
    const clock = await lockClock(tx);
    const agencies = await tx.query<{ name: string }>('SELECT name FROM agencies WHERE id = $1', [agencyId]);
    const agency = agencies[0];
    if (!agency) throw notFound(`agency ${agencyId}`, `机构 ${agencyId}`);
    const rows = await tx.query<{ body: FieldRecord }>('SELECT body FROM records WHERE id = $1 FOR UPDATE', [id]);
    const record = rows[0]?.body;
    if (!record) throw notFound(`record ${id}`, `记录 ${id}`);
    if (record.kind !== 'violation-report')
      throw badRequest(
        `only a violation report is assigned to an agency (this record is a ${record.kind})`,
        '只有违规举报可以交办给机构',
        { field: 'id' },
      );
    if (record.deleted || !canMove(record.kind, record.status, 'assigned'))
      throw badRequest(
        `a report that is ${record.deleted ? 'deleted' : record.status} cannot be assigned`,
        `该举报已${record.deleted ? '删除' : record.status === 'closed' ? '结案' : '处理'}，不能交办`,
        { field: 'id' },
      );
    const words = `交办：${agency.name}（${agencyId}）${note ? `。${note}` : ''}`;
    const next: FieldRecord = {
      ...record,
      status: 'assigned',
      updatedAt: at,
      statusHistory: [...record.statusHistory, { status: 'assigned', at, by: `device:${byDevice}`, note: words }],
    };
    const written = await writeServerChange(tx, clock, next, 'update', { role: 'ecology', officerId: byDevice }, at);
    await tx.query('UPDATE records SET assigned_agency = $2 WHERE id = $1', [id, agencyId]);
    await clock.save();
    return { id, status: 'assigned', agencyId, hash: written.hash };
  });
}
