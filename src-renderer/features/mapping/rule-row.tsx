import { ActionButton, Item, Picker, TextField } from '@adobe/react-spectrum';
import Delete from '@spectrum-icons/workflow/Delete';
import type { MappingRule, RuleSource } from '../../../src-shared/mapping/mapping-types';
import type { MappingProblem } from '../../../src-shared/ipc/requests/mapping';
import type { XdmField } from '../../../src-shared/xdm/field-tree';
import { DestinationField } from './destination-field';
import { ExpressionEditor } from './expression-editor';

type SourceKind = RuleSource['kind'];

/** A source of another kind, keeping what can be kept (a column becomes a field reference). */
function switchKind(source: RuleSource, kind: SourceKind, firstColumn: string): RuleSource {
  const text = source.kind === 'column' ? source.column : source.kind === 'expression' ? source.expression : source.value;
  if (kind === 'column') return { kind, column: source.kind === 'column' ? source.column : firstColumn };
  if (kind === 'expression') return { kind, expression: source.kind === 'column' ? source.column : text || firstColumn };
  return { kind, value: source.kind === 'static' ? source.value : '' };
}

export function ScoreBadge({ score }: { score: number }) {
  const level = score >= 0.8 ? 'high' : score >= 0.65 ? 'medium' : 'low';
  return (
    <span className={`score-badge score-badge--${level}`} title="Suggestion score (0–100)">
      {Math.round(score * 100)}
    </span>
  );
}

/**
 * One rule: its source (column, expression or constant) → an XDM field.
 * Why a combo box for the field: the schema has hundreds of leaves; typing part of a path or
 * title narrows them, and only real fields (or an element of a real array field) are kept.
 */
export function RuleRow({
  index,
  rule,
  columns,
  leaves,
  score,
  problems,
  onChange,
  onRemove,
}: {
  index: number;
  rule: MappingRule;
  columns: readonly string[];
  leaves: readonly XdmField[];
  score: number | null;
  problems: readonly MappingProblem[];
  onChange: (rule: MappingRule) => void;
  onRemove: () => void;
}) {
  const n = index + 1;
  const expressionProblem = problems.find((p) => p.offset !== undefined);
  const other = problems.filter((p) => p !== expressionProblem || rule.source.kind !== 'expression');
  return (
    <li className={`rule-row${problems.length ? ' rule-row--invalid' : ''}`} aria-label={`Rule ${n}`}>
      <div className="rule-row__line">
        <span className="rule-row__score">{score !== null ? <ScoreBadge score={score} /> : null}</span>
        <Picker
          aria-label={`Rule ${n} source kind`}
          selectedKey={rule.source.kind}
          onSelectionChange={(key) => onChange({ ...rule, source: switchKind(rule.source, key as SourceKind, columns[0] ?? '') })}
          width="size-1600"
          isQuiet
        >
          <Item key="column">Column</Item>
          <Item key="expression">Expression</Item>
          <Item key="static">Constant</Item>
        </Picker>
        <div className="rule-row__source">
          {rule.source.kind === 'column' ? (
            <Picker
              aria-label={`Rule ${n} column`}
              selectedKey={rule.source.column}
              onSelectionChange={(key) => onChange({ ...rule, source: { kind: 'column', column: String(key) } })}
              width="100%"
              items={columns.map((c) => ({ id: c }))}
            >
              {(item) => <Item key={item.id}>{item.id}</Item>}
            </Picker>
          ) : rule.source.kind === 'static' ? (
            <TextField
              aria-label={`Rule ${n} constant`}
              value={rule.source.value}
              onChange={(value) => onChange({ ...rule, source: { kind: 'static', value } })}
              width="100%"
            />
          ) : (
            <ExpressionEditor
              label={`Rule ${n} expression`}
              value={rule.source.expression}
              onChange={(expression) => onChange({ ...rule, source: { kind: 'expression', expression } })}
              serverProblem={expressionProblem ? { message: expressionProblem.message, offset: expressionProblem.offset ?? 0 } : null}
            />
          )}
        </div>
        <span className="rule-row__arrow" aria-hidden>
          →
        </span>
        <DestinationField
          label={`Rule ${n} XDM field`}
          destination={rule.destination}
          leaves={leaves}
          onChange={(destination) => onChange({ ...rule, destination })}
        />
        <ActionButton isQuiet aria-label={`Remove rule ${n}`} onPress={onRemove}>
          <Delete />
        </ActionButton>
      </div>
      {other.length > 0 ? (
        <ul className="rule-row__problems" role="alert">
          {other.map((p, i) => (
            <li key={i}>{p.message}</li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}
