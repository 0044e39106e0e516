import { describe, expect, it } from 'vitest';
import { BATCH_POLL_ENV, uploadTuningFromEnv } from '../../src-main/host/upload-tuning';

describe('uploadTuningFromEnv', () => {
  it('tunes nothing when the variable is unset or empty, so uploads keep their defaults', () => {
    expect(uploadTuningFromEnv({})).toBeUndefined();
    expect(uploadTuningFromEnv({ [BATCH_POLL_ENV]: '' })).toBeUndefined();
  });

  it('reads the first pause between Catalog polls in milliseconds', () => {
    expect(uploadTuningFromEnv({ [BATCH_POLL_ENV]: '100' })).toEqual({ pollInitialMs: 100 });
    expect(uploadTuningFromEnv({ [BATCH_POLL_ENV]: '10000' })).toEqual({ pollInitialMs: 10_000 });
  });

  it.each(['fast', '1.5', '-100', '5', '10001', '1e3'])('refuses %s, naming the variable and the value', (value) => {
    expect(() => uploadTuningFromEnv({ [BATCH_POLL_ENV]: value })).toThrow(
      `${BATCH_POLL_ENV} must be a whole number of milliseconds from 10 to 10000, not "${value}".`,
    );
  });
});
