import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { customerMapping, customerSchema } from '../core/jobs/prepare/fixtures';

export interface PrepareInputs {
  /** A one-row CSV: customer_id, first_name. */
  csv: string;
  /** The customer schema as a file, for `--schema`. */
  schema: string;
  /** The customer mapping's first two rules as a file, for `--mapping`. */
  mapping: string;
}

/** The smallest `xdm-loader prepare` inputs, written into `dir`: shared by the hostile edge tests. */
export async function writePrepareInputs(dir: string): Promise<PrepareInputs> {
  const csv = path.join(dir, 'in.csv');
  await writeFile(csv, 'customer_id,first_name\nc1,Ada\n');
  const schema = path.join(dir, 'schema.json');
  await writeFile(schema, JSON.stringify(customerSchema.schema));
  const mapping = path.join(dir, 'map.json');
  await writeFile(mapping, JSON.stringify({ ...customerMapping, rules: customerMapping.rules.slice(0, 2) }));
  return { csv, schema, mapping };
}
