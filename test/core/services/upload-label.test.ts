import { describe, expect, it } from 'vitest';
import { uploadLabel } from '../../../src-main/core/services/upload-listing';

describe('what an upload is called on screen', () => {
  it('names a prepared folder after the file it was prepared from, and a file by its name', () => {
    expect(uploadLabel('/home/me/.config/xdm-loader/jobs/2026-11-29T09-43-32-604Z-customers')).toBe('customers (prepared)');
    expect(uploadLabel('/tmp/uploads/export.parquet')).toBe('export.parquet');
    expect(uploadLabel('/data/jobs/prepare-7/')).toBe('prepare-7');
  });
});
