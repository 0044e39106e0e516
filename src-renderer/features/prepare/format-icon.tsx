import FileCSV from '@spectrum-icons/workflow/FileCSV';
import FileData from '@spectrum-icons/workflow/FileData';
import FileJson from '@spectrum-icons/workflow/FileJson';
import FileTxt from '@spectrum-icons/workflow/FileTxt';
import type { FileFormat } from '../../../src-shared/domain/inspection';

/** The file's kind at a glance, next to its name (decorative: the format is also written out). */
export function FormatIcon({ format }: { format: FileFormat }) {
  const props = { size: 'L', 'aria-hidden': true, UNSAFE_className: 'prepare-file-icon' } as const;
  switch (format) {
    case 'csv':
      return <FileCSV {...props} />;
    case 'tsv':
      return <FileTxt {...props} />;
    case 'json':
    case 'jsonl':
      return <FileJson {...props} />;
    case 'parquet':
      return <FileData {...props} />;
  }
}
