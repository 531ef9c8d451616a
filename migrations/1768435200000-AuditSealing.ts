import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { intColumn, stringColumn } from './support.js';

// Every column but the four the sealer writes, once, on an entry it has not sealed yet.
// Exported: the migration AuditSealGuardCondition puts the same refusal in PostgreSQL's trigger's WHEN.
const FIXED = ['id', 'at', 'actorId', 'action', 'inquiryId', 'details'];
const CHANGED_SQLITE = FIXED.map((c) => `NEW."${c}" IS NOT OLD."${c}"`).join(' OR ');
export const CHANGED_POSTGRES = FIXED.map((c) => `NEW."${c}" IS DISTINCT FROM OLD."${c}"`).join(' OR ');
export const UNSEALING = 'OLD.seq IS NOT NULL OR NEW.seq IS NULL OR NEW.hash IS NULL OR NEW."prevHash" IS NULL OR NEW."keyVersion" IS NULL';

/**
 * The audit chain is sealed after the fact, without a lock shared by every request: an entry is
 * written unsealed (no position, no link) with the change it records, and one sealer gives it its
 * position, its link (an HMAC under a versioned audit key, `keyVersion`) and nothing else. The
 * database refuses every other change: no delete, no update but that one sealing.
 * Entries of the older, unkeyed chain are unsealed here and sealed again under the audit key.
 */
export class AuditSealing1768435200000 implements MigrationInterface {
  name = 'AuditSealing1768435200000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('audit_entry', new TableColumn(intColumn('keyVersion', true)));
    for (const column of ['seq', 'prevHash', 'hash']) {
      const shape = column === 'seq' ? intColumn(column, true) : stringColumn(column, 64, true);
      await q.changeColumn('audit_entry', column, new TableColumn(shape));
    }
    await q.query('UPDATE audit_entry SET seq = NULL, "prevHash" = NULL, hash = NULL');
    if (q.connection.options.type === 'postgres') {
      await q.query(`CREATE FUNCTION audit_entry_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' THEN RAISE EXCEPTION 'audit entries cannot be deleted'; END IF;
  IF ${UNSEALING} OR ${CHANGED_POSTGRES} THEN RAISE EXCEPTION 'sealed audit entries cannot be changed'; END IF;
  RETURN NEW;
END $$`);
      await q.query('CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry FOR EACH ROW EXECUTE FUNCTION audit_entry_guard()');
      await q.query('CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry FOR EACH ROW EXECUTE FUNCTION audit_entry_guard()');
      await q.query('CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_guard()');
    } else {
      await q.query(`CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry
WHEN ${UNSEALING} OR ${CHANGED_SQLITE}
BEGIN SELECT RAISE(ABORT, 'sealed audit entries cannot be changed'); END`);
      await q.query(`CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry
BEGIN SELECT RAISE(ABORT, 'audit entries cannot be deleted'); END`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') {
      for (const t of ['audit_entry_no_update', 'audit_entry_no_delete', 'audit_entry_no_truncate']) await q.query(`DROP TRIGGER ${t} ON audit_entry`);
      await q.query('DROP FUNCTION audit_entry_guard()');
    } else {
      for (const t of ['audit_entry_no_update', 'audit_entry_no_delete']) await q.query(`DROP TRIGGER ${t}`);
    }
    await q.dropColumn('audit_entry', 'keyVersion');
  }
}
