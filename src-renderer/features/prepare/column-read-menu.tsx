import { ActionButton, Item, Menu, MenuTrigger, Section, Text } from '@adobe/react-spectrum';
import ChevronDown from '@spectrum-icons/workflow/ChevronDown';
import type { Key } from 'react';
import type { InspectedColumn } from '../../../src-shared/domain/inspection';
import { dateFormats, textColumnTypes, type ColumnReadSetting, type DateFormat, type TextColumnType } from '../../../src-shared/domain/read-settings';
import { describeColumnType } from './format';
import { TypeBadge } from './type-badge';

const DETECTED = 'detected';
const typeKey = (type: TextColumnType): string => `type:${type}`;
const formatKey = (format: DateFormat): string => `format:${format}`;

/** The menu key of a column's setting. */
function keyOf(setting: ColumnReadSetting | undefined): string {
  if (!setting) return DETECTED;
  return 'dateFormat' in setting ? formatKey(setting.dateFormat) : typeKey(setting.type);
}

/** The setting a menu key stands for (undefined: as detected). */
function settingOf(key: Key): ColumnReadSetting | undefined {
  const text = String(key);
  const type = textColumnTypes.find((t) => typeKey(t) === text);
  if (type) return { type };
  const format = dateFormats.find((f) => formatKey(f) === text);
  return format ? { dateFormat: format } : undefined;
}

const typeLabels: Record<TextColumnType, string> = {
  string: 'Text',
  integer: 'Integer',
  number: 'Number',
  boolean: 'Boolean (true/false)',
  date: 'Date (2024-12-31)',
  'date-time': 'Date-time (ISO 8601)',
};

/**
 * A column's type as a menu button: the steward reads the column as another type, or its dates
 * with a format ("31/12/2024" as dd/MM/yyyy). Why a menu and not a picker per column: a file of
 * 300 columns renders 300 buttons, and a menu's items only when it opens.
 */
export function ColumnReadMenu({
  column,
  setting,
  onChange,
}: {
  column: InspectedColumn;
  setting: ColumnReadSetting | undefined;
  onChange: (setting: ColumnReadSetting | undefined) => void;
}) {
  const shown = column.dateFormat ? `${describeColumnType(column.type)} ${column.dateFormat}` : describeColumnType(column.type);
  return (
    <MenuTrigger>
      <ActionButton isQuiet aria-label={`Read ${column.name} as: ${shown}${column.chosen ? ' (chosen)' : ''}`} UNSAFE_className="column-read-menu">
        <TypeBadge type={column.type} label={column.dateFormat ? shown : undefined} />
        <ChevronDown size="XS" />
      </ActionButton>
      <Menu
        aria-label={`Read ${column.name} as`}
        selectionMode="single"
        disallowEmptySelection
        selectedKeys={[keyOf(setting)]}
        onSelectionChange={(keys) => {
          if (keys === 'all') return;
          const [key] = [...keys];
          if (key !== undefined) onChange(settingOf(key));
        }}
      >
        <Section title="Type">
          {[
            <Item key={DETECTED} textValue="As detected">
              <Text>As detected</Text>
            </Item>,
            ...textColumnTypes.map((type) => (
              <Item key={typeKey(type)} textValue={typeLabels[type]}>
                <Text>{typeLabels[type]}</Text>
              </Item>
            )),
          ]}
        </Section>
        <Section title="Date with a format">
          {dateFormats.map((format) => (
            <Item key={formatKey(format)} textValue={`Date ${format}`}>
              <Text>{format}</Text>
            </Item>
          ))}
        </Section>
      </Menu>
    </MenuTrigger>
  );
}
