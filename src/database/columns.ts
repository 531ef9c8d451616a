import { Column, PrimaryColumn } from 'typeorm';

/** Entity column shapes that match migrations/support.ts, so the schema never drifts. */
export const IdColumn = () => PrimaryColumn({ type: 'varchar', length: 36 });
export const RefColumn = (nullable = false) => Column({ type: 'varchar', length: 36, nullable });
export const TimeColumn = (nullable = false) => Column({ type: 'varchar', length: 24, nullable });
export const StringColumn = (length: number, nullable = false) => Column({ type: 'varchar', length, nullable });
export const TextColumn = (nullable = false) => Column({ type: 'text', nullable });
export const JsonColumn = () => Column({ type: 'simple-json' });
export const IntColumn = (nullable = false) => Column({ type: 'integer', nullable });
export const BoolColumn = () => Column({ type: 'boolean' });
