import { TableColumnOptions, TableForeignKeyOptions, TableIndexOptions } from 'typeorm';

/**
 * Column shapes shared by every migration. Types are chosen to mean the same on SQLite and
 * PostgreSQL: ids are UUID text, timestamps are ISO-8601 UTC text (sortable, no time-zone
 * conversion by either driver), sealed values and JSON are text.
 */
export const idColumn = (name = 'id'): TableColumnOptions => ({ name, type: 'varchar', length: '36', isPrimary: true });
export const refColumn = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '36', isNullable: nullable });
export const timeColumn = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '24', isNullable: nullable });
export const textColumn = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
export const stringColumn = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
export const intColumn = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable });
export const boolColumn = (name: string): TableColumnOptions => ({ name, type: 'boolean', isNullable: false });

export const foreignKey = (table: string, column: string, target: string, onDelete: 'CASCADE' | 'RESTRICT' = 'RESTRICT'): TableForeignKeyOptions => ({
  name: `fk_${table}_${column}`,
  columnNames: [column],
  referencedTableName: target,
  referencedColumnNames: ['id'],
  onDelete,
});

export const index = (table: string, columns: string[], isUnique = false): TableIndexOptions => ({
  name: `${isUnique ? 'uq' : 'ix'}_${table}_${columns.join('_')}`,
  columnNames: columns,
  isUnique,
});

/** A boolean as each driver binds it in a raw insert (better-sqlite3 binds no JS booleans). */
export const boolValue = (q: { dataSource: { options: { type: string } } }, value: boolean): boolean | number => (q.dataSource.options.type === 'postgres' ? value : value ? 1 : 0);
