import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { boolColumn, foreignKey, idColumn, index, intColumn, refColumn, stringColumn, textColumn, timeColumn } from './support.js';

export class Identity1767225600000 implements MigrationInterface {
  name = 'Identity1767225600000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'organization',
        columns: [idColumn(), stringColumn('name', 200), stringColumn('country', 2), stringColumn('kind', 40), timeColumn('createdAt')],
        indices: [index('organization', ['name'])],
      }),
    );
    await q.createTable(
      new Table({
        name: 'user_account',
        columns: [
          idColumn(),
          stringColumn('email', 254),
          stringColumn('name', 200),
          stringColumn('role', 20),
          refColumn('organizationId', true),
          textColumn('languages'),
          stringColumn('passwordHash', 255, true),
          boolColumn('active'),
          boolColumn('mfaEnabled'),
          textColumn('totpSecret', true),
          textColumn('totpPendingSecret', true),
          intColumn('totpLastStep', true),
          timeColumn('createdAt'),
          timeColumn('updatedAt'),
        ],
        indices: [index('user_account', ['email'], true), index('user_account', ['role']), index('user_account', ['organizationId'])],
        foreignKeys: [foreignKey('user_account', 'organizationId', 'organization')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'session',
        columns: [
          idColumn(),
          stringColumn('tokenHash', 64),
          refColumn('userId'),
          stringColumn('scope', 20),
          stringColumn('channel', 10),
          timeColumn('createdAt'),
          timeColumn('lastSeenAt'),
          timeColumn('expiresAt'),
        ],
        indices: [index('session', ['tokenHash'], true), index('session', ['userId'])],
        foreignKeys: [foreignKey('session', 'userId', 'user_account', 'CASCADE')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'invitation',
        columns: [idColumn(), stringColumn('tokenHash', 64), refColumn('userId'), timeColumn('createdAt'), timeColumn('expiresAt'), timeColumn('usedAt', true)],
        indices: [index('invitation', ['tokenHash'], true), index('invitation', ['userId'])],
        foreignKeys: [foreignKey('invitation', 'userId', 'user_account', 'CASCADE')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('invitation');
    await q.dropTable('session');
    await q.dropTable('user_account');
    await q.dropTable('organization');
  }
}
