import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { readCountryFile } from './data/country-data.js';
import { boolColumn, boolValue, index, intColumn, stringColumn, textColumn, timeColumn } from './support.js';

const nullableBool = (name: string) => ({ name, type: 'boolean', isNullable: true });

/**
 * Reports: the country reference data (loaded from src/countries/data/countries.json, dated), and
 * on each inquiry what a report needs without reading its history: the treaty status of its State
 * when it came in, and when it was acknowledged, first answered and closed.
 */
export class Reports1768780800000 implements MigrationInterface {
  name = 'Reports1768780800000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'country',
        columns: [
          { ...stringColumn('code', 2), isPrimary: true },
          stringColumn('alpha3', 3, true),
          stringColumn('m49', 3, true),
          stringColumn('name', 200),
          { name: 'unMember', type: 'boolean', isNullable: false },
          stringColumn('unRegionalGroup', 20, true),
          stringColumn('m49Region', 40, true),
          stringColumn('m49Subregion', 60, true),
          stringColumn('m49IntermediateRegion', 60, true),
          stringColumn('uncatStatus', 12),
          stringColumn('uncatDate', 10, true),
          nullableBool('art20OptOut'),
          nullableBool('art21Declared'),
          nullableBool('art22Declared'),
          stringColumn('opcatStatus', 12),
          nullableBool('npmDesignated'),
          textColumn('uncertain'),
          stringColumn('asOf', 10),
          intColumn('version'),
          timeColumn('updatedAt'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'country_tag',
        columns: [
          { ...stringColumn('countryCode', 2), isPrimary: true },
          { ...stringColumn('tag', 40), isPrimary: true },
        ],
        indices: [index('country_tag', ['tag'])],
        foreignKeys: [{ name: 'fk_country_tag_countryCode', columnNames: ['countryCode'], referencedTableName: 'country', referencedColumnNames: ['code'], onDelete: 'CASCADE' }],
      }),
    );
    const file = readCountryFile();
    const now = new Date().toISOString();
    const b = (v: boolean | null) => (v === null ? null : boolValue(q, v));
    // Two statements for the whole file: every test database runs this migration.
    await q.manager
      .createQueryBuilder()
      .insert()
      .into('country')
      .values(
        file.countries.map((c) => ({
          code: c.code,
          alpha3: c.alpha3,
          m49: c.m49,
          name: c.name,
          unMember: boolValue(q, c.unMember),
          unRegionalGroup: c.unRegionalGroup,
          m49Region: c.m49Region,
          m49Subregion: c.m49Subregion,
          m49IntermediateRegion: c.m49IntermediateRegion,
          uncatStatus: c.uncatStatus,
          uncatDate: c.uncatDate,
          art20OptOut: b(c.art20OptOut),
          art21Declared: b(c.art21Declared),
          art22Declared: b(c.art22Declared),
          opcatStatus: c.opcatStatus,
          npmDesignated: b(c.npmDesignated),
          uncertain: JSON.stringify(c.uncertain),
          asOf: file.asOf,
          version: 1,
          updatedAt: now,
        })),
      )
      .execute();
    await q.manager
      .createQueryBuilder()
      .insert()
      .into('country_tag')
      .values(file.countries.flatMap((c) => c.tags.map((tag) => ({ countryCode: c.code, tag }))))
      .execute();

    await q.addColumns('inquiry', [
      new TableColumn(stringColumn('intakeUncatStatus', 12, true)),
      new TableColumn(stringColumn('intakeOpcatStatus', 12, true)),
      new TableColumn(timeColumn('acknowledgedAt', true)),
      new TableColumn(timeColumn('firstReplyAt', true)),
      new TableColumn(timeColumn('closedAt', true)),
    ]);
    await q.query(
      `UPDATE inquiry SET "intakeUncatStatus" = (SELECT c."uncatStatus" FROM country c WHERE c.code = inquiry.country), "intakeOpcatStatus" = (SELECT c."opcatStatus" FROM country c WHERE c.code = inquiry.country)`,
    );
    // Inquiries already ended: their last change is the best record of when.
    await q.query(`UPDATE inquiry SET "closedAt" = "updatedAt" WHERE status IN ('closed', 'withdrawn')`);
    await q.createIndex('inquiry', new TableIndex(index('inquiry', ['closedAt'])));
    await q.addColumn('user_account', new TableColumn({ ...boolColumn('headOfSecretariat'), isNullable: true }));
    // The first secretariat account (the one made at bootstrap) heads the secretariat until told otherwise.
    const [yes, no] = q.connection.options.type === 'postgres' ? ['TRUE', 'FALSE'] : ['1', '0'];
    await q.query(`UPDATE user_account SET "headOfSecretariat" = ${no}`);
    await q.query(`UPDATE user_account SET "headOfSecretariat" = ${yes} WHERE id = (SELECT id FROM user_account WHERE role = 'secretariat' ORDER BY "createdAt", id LIMIT 1)`);
    await q.changeColumn('user_account', 'headOfSecretariat', new TableColumn(boolColumn('headOfSecretariat')));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('user_account', 'headOfSecretariat');
    await q.dropIndex('inquiry', 'ix_inquiry_closedAt');
    for (const column of ['intakeUncatStatus', 'intakeOpcatStatus', 'acknowledgedAt', 'firstReplyAt', 'closedAt']) await q.dropColumn('inquiry', column);
    await q.dropTable('country_tag');
    await q.dropTable('country');
  }
}
