import { MigrationInterface, QueryRunner } from 'typeorm';
import { CHANGED_POSTGRES, UNSEALING } from './1768435200000-AuditSealing.js';

/**
 * PostgreSQL only: the audit entries' update trigger carries the refusal's condition as its `WHEN`,
 * so that the executor tests it and calls the plpgsql guard only for an update it refuses. Every
 * entry is updated once, by its sealing, and the guard (the same function, testing the same
 * condition, raising the same error) ran in the interpreter for each of those legitimate updates.
 * What is refused is unchanged: any update of a sealed entry, any update that leaves an entry
 * unsealed, any change of a column but the four the sealing writes; deletes and TRUNCATE as before.
 * SQLite's trigger already had its condition as `WHEN`.
 */
export class AuditSealGuardCondition1769950000000 implements MigrationInterface {
  name = 'AuditSealGuardCondition1769950000000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type !== 'postgres') return;
    await q.query('DROP TRIGGER audit_entry_no_update ON audit_entry');
    await q.query(`CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry FOR EACH ROW WHEN (${UNSEALING} OR ${CHANGED_POSTGRES}) EXECUTE FUNCTION audit_entry_guard()`);
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type !== 'postgres') return;
    await q.query('DROP TRIGGER audit_entry_no_update ON audit_entry');
    await q.query('CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry FOR EACH ROW EXECUTE FUNCTION audit_entry_guard()');
  }
}
