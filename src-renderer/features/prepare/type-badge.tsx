import { Badge, Text } from '@adobe/react-spectrum';
import type { ColumnType } from '../../../src-shared/domain/inspection';
import { describeColumnType } from './format';

type BadgeVariant = 'neutral' | 'info' | 'indigo' | 'purple' | 'seafoam' | 'magenta' | 'fuchsia' | 'yellow';

/** One color per type family, so a column of numbers among strings stands out at a glance. */
const variants: Record<ColumnType, BadgeVariant> = {
  string: 'neutral',
  integer: 'info',
  number: 'indigo',
  boolean: 'purple',
  date: 'seafoam',
  'date-time': 'seafoam',
  object: 'magenta',
  array: 'fuchsia',
};

/** A column type as a Spectrum badge; `label` when more than the type is worth saying (a date format). */
export function TypeBadge({ type, label }: { type: ColumnType; label?: string | undefined }) {
  return (
    <Badge variant={variants[type]} UNSAFE_className={`type-badge type-badge--${type}`}>
      <Text>{label ?? describeColumnType(type)}</Text>
    </Badge>
  );
}
