/**
 * The first admin: on a server with no admin device, the ecology bureau's agency is created and an admin
 * enrolment code is made — from COALZONE_ADMIN_CODE when set (deployments that inject secrets), else random
 * and printed once on the console. It stays valid for 7 days or until a phone enrols with it; each start of a
 * server that still has no admin prints a new one and ends the one printed before (whoever reads the console
 * runs the server anyway). No password exists anywhere: every later
 * request is signed by an enrolled phone's key.
 */
import type { Database } from './database.ts';
import { codeHash, newEnrolmentCode } from './enrolment-code.ts';

/** The bureau's agency id. */
export const BUREAU_AGENCY = 'ecology-bureau';

/** Ensures the bureau exists and, when no admin device does, an admin code; returns the code to print (null
 *  when an admin exists, or when the code came from the environment). */
export async function bootstrapAdmin(db: Database, fromEnv?: string, now = Date.now()): Promise<string | null> {
  await db.query(
    `INSERT INTO agencies (id, name, role) VALUES ($1, '大同市生态环境局 / Datong Ecology and Environment Bureau', 'ecology')
     ON CONFLICT (id) DO NOTHING`,
    [BUREAU_AGENCY],
  );
  const admins = await db.query('SELECT 1 FROM devices WHERE is_admin AND revoked_at IS NULL LIMIT 1');
  if (admins.length > 0) return null;
  const code = fromEnv?.trim() ? fromEnv.trim() : newEnrolmentCode();
  const hash = codeHash(code);
  if (!hash) throw new Error('COALZONE_ADMIN_CODE must be 12 letters and digits (e.g. ABCD-EFGH-JKMN)');
  // A code printed at an earlier start may be lost with that console: it ends now, the new one replaces it.
  if (!fromEnv)
    await db.query(
      `UPDATE enrolment_codes SET expires_at = $1 WHERE is_admin AND used_at IS NULL AND created_by = 'bootstrap' AND expires_at > $1`,
      [new Date(now)],
    );
  await db.query(
    `INSERT INTO enrolment_codes (code_hash, agency_id, is_admin, label, created_by, expires_at)
     VALUES ($1, $2, true, 'first admin', 'bootstrap', $3) ON CONFLICT (code_hash) DO NOTHING`,
    [hash, BUREAU_AGENCY, new Date(now + 7 * 86_400_000)],
  );
  return fromEnv ? null : code;
}
