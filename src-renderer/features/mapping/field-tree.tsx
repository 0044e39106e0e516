import { ActionButton, SearchField, Tooltip, TooltipTrigger } from '@adobe/react-spectrum';
import Add from '@spectrum-icons/workflow/Add';
import { useMemo, useState } from 'react';
import type { XdmField } from '../../../src-shared/xdm/field-tree';
import { flattenFields } from '../../../src-shared/xdm/field-tree';

const MAX_SHOWN = 300;

function typeLabel(field: XdmField): string {
  if (field.type === 'array') return `${field.elementType ?? 'item'}[]`;
  if (field.type === 'map') return `map<${field.elementType ?? 'value'}>`;
  return field.format && field.type === 'string' ? `string (${field.format})` : field.type;
}

function matches(field: XdmField, words: readonly string[]): boolean {
  const text = `${field.path} ${field.title ?? ''} ${field.description ?? ''}`.toLowerCase();
  return words.every((w) => text.includes(w));
}

/**
 * The target schema's fields: searchable by path, title and description, with types.
 * Why a flat filtered list when searching: a match deep in `homeAddress.street1` should be one
 * line, with its path, not a tree to unfold; without a query the tree is shown by depth.
 */
export function FieldTree({ fields, mapped, onAdd }: { fields: readonly XdmField[]; mapped: ReadonlySet<string>; onAdd: (path: string) => void }) {
  const [query, setQuery] = useState('');
  const all = useMemo(() => flattenFields(fields as XdmField[]), [fields]);
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const shown = (words.length ? all.filter((f) => matches(f, words)) : all).slice(0, MAX_SHOWN);
  return (
    <div className="field-tree">
      <SearchField label="Search XDM fields" value={query} onChange={setQuery} width="100%" />
      <ul className="field-tree__list" aria-label="XDM fields">
        {shown.map((field) => {
          const depth = words.length ? 0 : field.path.split('.').length - 1;
          const leaf = field.children.length === 0 && field.type !== 'object';
          return (
            <li key={field.path} className="field-tree__item" style={{ paddingInlineStart: `${depth * 14 + 4}px` }} data-path={field.path}>
              <div className="field-tree__head">
                <span className={`field-tree__name${mapped.has(field.path) ? ' field-tree__name--mapped' : ''}`}>{words.length ? field.path : field.name}</span>
                <span className="field-tree__type">{typeLabel(field)}</span>
                {field.required ? <span className="field-tree__flag">required</span> : null}
                {field.identity ? <span className="field-tree__flag field-tree__flag--identity">identity {field.identity.namespace}</span> : null}
                {leaf ? (
                  <TooltipTrigger>
                    <ActionButton isQuiet aria-label={`Map a column to ${field.path}`} onPress={() => onAdd(field.path)} UNSAFE_className="field-tree__add">
                      <Add size="XS" />
                    </ActionButton>
                    <Tooltip>Map a column to {field.path}</Tooltip>
                  </TooltipTrigger>
                ) : null}
              </div>
              {field.title || field.description ? (
                <div className="field-tree__description">{[field.title, field.description].filter(Boolean).join(' — ')}</div>
              ) : null}
            </li>
          );
        })}
        {shown.length === 0 ? <li className="field-tree__none">No field matches “{query}”.</li> : null}
      </ul>
    </div>
  );
}
