/**
 * Magic numbers of binary files people drop by mistake.
 * Why: "is a binary file" helps less than "is an Excel workbook; export it as CSV", and Parquet
 * is recognised by its magic before any text sniffing.
 */

interface Signature {
  readonly magic: readonly number[];
  readonly offset?: number;
  readonly what: string;
}

const ascii = (text: string): number[] => [...text].map((char) => char.charCodeAt(0));

export const PARQUET_MAGIC = ascii('PAR1');

const signatures: readonly Signature[] = [
  { magic: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (an .xlsx workbook is one); export the sheet as CSV' },
  { magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'an old Office document (.xls); export the sheet as CSV' },
  { magic: [0x1f, 0x8b], what: 'a gzip archive; decompress it first' },
  { magic: [0x42, 0x5a, 0x68], what: 'a bzip2 archive; decompress it first' },
  { magic: [0x28, 0xb5, 0x2f, 0xfd], what: 'a zstd archive; decompress it first' },
  { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: 'an xz archive; decompress it first' },
  { magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: 'a 7-Zip archive; decompress it first' },
  { magic: ascii('%PDF'), what: 'a PDF document' },
  { magic: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { magic: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { magic: ascii('GIF8'), what: 'a GIF image' },
  { magic: ascii('SQLite format 3'), what: 'an SQLite database' },
  { magic: ascii('ORC'), what: 'an ORC file (not supported; convert it to Parquet)' },
  { magic: [0x4f, 0x62, 0x6a, 0x01], what: 'an Avro file (not supported; convert it to Parquet)' },
  { magic: [0x7f, 0x45, 0x4c, 0x46], what: 'an executable' },
];

export function startsWith(bytes: Uint8Array, magic: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + magic.length) return false;
  return magic.every((byte, index) => bytes[offset + index] === byte);
}

/** What a known binary file is, or null when no signature matches. */
export function describeBinarySignature(bytes: Uint8Array): string | null {
  for (const signature of signatures) {
    if (startsWith(bytes, signature.magic, signature.offset ?? 0)) return signature.what;
  }
  return null;
}
