import { writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A CSV of `rows` member rows whose column names match no standard field and no sample of the app, written into `dir`. */
export async function writeMemberFile(dir: string, name: string, rows: number): Promise<string> {
  const lines = ['member_ref,contact_mail,tier_level,points_balance,joined_on,is_vip'];
  for (let i = 0; i < rows; i++)
    lines.push(`M${i},member${i}@example.org,${['gold', 'silver'][i % 2]},${i * 3},2024-0${(i % 9) + 1}-1${i % 10},${i % 2 === 0}`);
  const file = path.join(dir, name);
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}
