import { describe, expect, it } from 'vitest';
import { preparedFolderName } from '../../src-main/core/jobs/prepare/prepared-folder';
import { uploadLabel } from '../../src-main/core/services/upload-listing';

describe('a prepare job’s folder name', () => {
  const at = new Date('2026-12-07T01:02:03.456Z');

  it('keeps the file’s extension, so History tells a CSV run from a Parquet one', () => {
    const csv = preparedFolderName(at, 'customers.csv');
    const parquet = preparedFolderName(at, 'customers.parquet');
    expect(csv).toBe('2026-12-07T01-02-03-456Z-customers.csv');
    expect(uploadLabel(`/data/jobs/${csv}`)).toBe('customers.csv (prepared)');
    expect(uploadLabel(`/data/jobs/${parquet}`)).toBe('customers.parquet (prepared)');
  });

  it('keeps only safe characters', () => {
    expect(preparedFolderName(at, 'my file/../x?.csv')).toBe('2026-12-07T01-02-03-456Z-my_file_.._x_.csv');
  });
});
