import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { foreignKey, idColumn, index, refColumn, stringColumn, timeColumn } from './support.js';

/**
 * Account recovery without the secretariat (issue 19): one-time password-reset links (kept as the
 * SHA-256 of their token, like invitations) and one-time recovery codes for the second factor
 * (kept as argon2 hashes, like passwords).
 */
export class AccountRecovery1769150000000 implements MigrationInterface {
  name = 'AccountRecovery1769150000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'password_reset',
        columns: [idColumn(), stringColumn('tokenHash', 64), refColumn('userId'), timeColumn('createdAt'), timeColumn('expiresAt'), timeColumn('usedAt', true)],
        indices: [index('password_reset', ['tokenHash'], true), index('password_reset', ['userId'])],
        foreignKeys: [foreignKey('password_reset', 'userId', 'user_account', 'CASCADE')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'recovery_code',
        columns: [idColumn(), refColumn('userId'), stringColumn('salt', 32), stringColumn('codeHash', 64), timeColumn('createdAt'), timeColumn('usedAt', true)],
        indices: [index('recovery_code', ['userId'])],
        foreignKeys: [foreignKey('recovery_code', 'userId', 'user_account', 'CASCADE')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('recovery_code');
    await q.dropTable('password_reset');
  }
}
