import { Button, Flex, InlineAlert, Item, ProgressCircle, TabList, TabPanels, Tabs, Text, Heading, Content } from '@adobe/react-spectrum';
import { useActiveSchemas } from '../../queries/use-server-state';
import Add from '@spectrum-icons/workflow/Add';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { destinationOf } from '../../../src-shared/mapping/suggest-mapping';
import { leafFields } from '../../../src-shared/xdm/field-tree';
import type { XdmFieldTree } from '../../../src-shared/xdm/field-tree';
import { mappingSelectors } from '../../state/mapping-slice';
import { prepareSelectors } from '../../state/prepare-slice';
import { PrepareAction } from '../prepare/prepare-action';
import { useAppStore } from '../../state/store-context';
import { DatasetMismatch, DatasetTarget } from './dataset-target';
import { FieldTree } from './field-tree';
import { FunctionHelp } from './function-help';
import { IdentityBuilder } from './identity-builder';
import { LoadMappingButton, SaveMappingButton } from './mapping-files';
import { columnForField, mapsSomething, openSuggestionWords, unmappedColumns } from './mapping-coverage';
import { RuleRow, ScoreBadge } from './rule-row';
import { SampleRecords } from './sample-records';
import { SchemaPicker } from './schema-picker';
import { TwoPrimaries } from './two-primaries';
import { UndoRedo } from './undo-redo';
import { CreateTargetButton } from '../target-from-file/create-target-button';
import './mapping.css';
import { TargetHint } from './target-hint';

/**
 * A mapping saved (or imported) for a file with this very header, offered before the suggestions.
 * Why: next month's export of the same system has the same columns; the steward's finished
 * mapping fits it better than any suggestion.
 */
function SavedMappingOffer() {
  const offers = useAppStore((s) => s.mapping.offers);
  const loadMapping = useAppStore((s) => s.loadMapping);
  const dismiss = useAppStore((s) => s.dismissOffers);
  const [first] = offers;
  if (!first) return null;
  const others = offers.length - 1;
  return (
    <section className="suggestions saved-offer" aria-label="Saved mapping for this header">
      <div className="mapping-section__head">
        <h3 className="prepare-section__title">
          “{first.name}” was saved for a file with this same header{others > 0 ? ` (and ${others} more)` : ''}
        </h3>
        <Flex gap="size-100">
          <Button variant="accent" onPress={() => void loadMapping({ kind: 'saved', name: first.name })}>
            Use “{first.name}”
          </Button>
          <Button variant="secondary" onPress={dismiss}>
            Not now
          </Button>
        </Flex>
      </div>
      <p className="prepare-muted">Saved {new Date(first.modifiedAt).toLocaleString()} in the data folder’s mappings.</p>
    </section>
  );
}

/** The pending suggestions: what would be mapped, with scores, and one button to accept them. */
function SuggestionBanner() {
  const proposal = useAppStore((s) => s.mapping.proposal);
  const suggestions = useAppStore((s) => s.mapping.suggestions);
  const accept = useAppStore((s) => s.acceptSuggestions);
  if (!proposal) return null;
  const matched = suggestions.filter((s) => s.path);
  const open = suggestions.filter((s) => !s.path);
  return (
    <section className="suggestions" aria-label="Suggestions">
      <div className="mapping-section__head">
        <h3 className="prepare-section__title">
          Suggested: {matched.length} of {suggestions.length} columns, {proposal.identities.length} identit{proposal.identities.length === 1 ? 'y' : 'ies'}
        </h3>
        <Button variant="accent" onPress={accept}>
          Accept suggestions
        </Button>
      </div>
      <ul className="suggestions__list">
        {matched.map((s) => (
          <li key={s.column}>
            <ScoreBadge score={s.score} /> <code>{s.column}</code> → <code>{s.path}</code>
          </li>
        ))}
        {open.map((s) => (
          <li key={s.column} className="suggestions__open">
            <code>{s.column}</code> {openSuggestionWords(s, proposal.identities)}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The source columns that no rule or identity reads, always in view: a panel held at the bottom
 * of the screen while the rules scroll above it, updated with every edit.
 * Why always: once suggestions are accepted their list is gone, and a column left unmapped is a
 * column silently missing from every record unless the steward decides so.
 */
function UnmappedColumns({ columns }: { columns: readonly string[] }) {
  const rules = useAppStore(mappingSelectors.rules);
  const identities = useAppStore(mappingSelectors.identities);
  const unmapped = useMemo(() => unmappedColumns(columns, rules, identities), [columns, rules, identities]);
  return (
    <section className="mapping-section unmapped-panel" aria-labelledby="unmapped-heading">
      <h3 className="prepare-section__title" id="unmapped-heading">
        Unmapped columns <span className="prepare-muted">{unmapped.length}</span>
      </h3>
      {unmapped.length === 0 ? (
        <p className="prepare-muted">Every column is read by a rule or an identity.</p>
      ) : (
        <ul className="unmapped-columns" aria-label="Unmapped columns">
          {unmapped.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function RulesEditor({ tree }: { tree: XdmFieldTree }) {
  const rules = useAppStore(mappingSelectors.rules);
  const problems = useAppStore(mappingSelectors.problems);
  const columns = useAppStore(useShallow(prepareSelectors.columnNames));
  const scores = useAppStore(useShallow((s) => s.mapping.rules.map((r) => mappingSelectors.scoreOf(s, r))));
  const updateRule = useAppStore((s) => s.updateRule);
  const removeRule = useAppStore((s) => s.removeRule);
  const addRule = useAppStore((s) => s.addRule);
  const leaves = useMemo(() => leafFields(tree), [tree]);
  return (
    <section className="mapping-section" aria-labelledby="rules-heading">
      <div className="mapping-section__head">
        <h3 className="prepare-section__title" id="rules-heading">
          Rules <span className="prepare-muted">{rules.length}</span>
        </h3>
        <Flex gap="size-100" alignItems="center">
          <UndoRedo />
          <Button variant="secondary" onPress={() => addRule()}>
            <Add />
            <Text>Add rule</Text>
          </Button>
        </Flex>
      </div>
      {rules.length === 0 ? <p className="prepare-muted">No rule yet: accept the suggestions, add a rule, or press + next to a field.</p> : null}
      <ol className="rule-list">
        {rules.map((rule, i) => (
          <RuleRow
            key={i}
            index={i}
            rule={rule}
            columns={columns}
            leaves={leaves}
            score={scores[i] ?? null}
            problems={problems.filter((p) => p.ruleIndex === i)}
            onChange={(next) => updateRule(i, next)}
            onRemove={() => removeRule(i)}
          />
        ))}
      </ol>
    </section>
  );
}

/**
 * Map to XDM: the target schema, the rules and identities, and the resulting sample records.
 * Why everything on one screen: each edit re-maps the sample rows at once, so the steward sees
 * the effect of a rule next to the rule; the whole file is only run once the sample looks right.
 */
export function MappingStep() {
  const tree = useAppStore(mappingSelectors.tree);
  const treeStatus = useAppStore((s) => s.mapping.treeStatus);
  const error = useAppStore((s) => s.mapping.error);
  const notice = useAppStore((s) => s.mapping.notice);
  const remoteError = useActiveSchemas().error;
  const file = useAppStore(prepareSelectors.file);
  const columns = useAppStore(useShallow(prepareSelectors.columnNames));
  const mapped = useAppStore(useShallow((s) => s.mapping.rules.map((r) => r.destination.replace(/\[\d+\]/g, '[]'))));
  const hasRules = useAppStore((s) => mapsSomething(s.mapping));
  const invalidRules = useAppStore((s) => (s.mapping.preview?.problems.length ?? 0) > 0);
  const suggestions = useAppStore((s) => s.mapping.suggestions);
  const rules = useAppStore(mappingSelectors.rules);
  const addRule = useAppStore((s) => s.addRule);
  const mappedSet = useMemo(() => new Set(mapped), [mapped]);
  const baseName = (file?.name ?? 'mapping').replace(/\.[^.]+$/, '').replace(/[^\w .-]+/g, '_') || 'mapping';

  return (
    <Flex direction="column" gap="size-200" minHeight={0}>
      <div className="mapping-toolbar">
        <SchemaPicker />
        <DatasetTarget />
        <CreateTargetButton />
        <span className="mapping-toolbar__spacer" />
        <LoadMappingButton />
        <SaveMappingButton defaultName={baseName} />
        <PrepareAction isDisabled={!hasRules || invalidRules || treeStatus !== 'ready'} />
      </div>
      <TargetHint />
      {invalidRules ? (
        <p className="mapping-blocked" role="status">
          Fix or remove the invalid rules (marked in red) to prepare the file.
        </p>
      ) : null}
      {remoteError ? (
        <p className="prepare-muted mapping-remote-note">
          The active connection's schemas are not listed: {remoteError.message} The standard schemas work offline.
        </p>
      ) : null}
      {error ? (
        <InlineAlert variant="negative">
          <Heading>{error.code}</Heading>
          <Content>{error.message}</Content>
        </InlineAlert>
      ) : null}
      {notice ? (
        <p className="mapping-notice" role="status">
          {notice}
        </p>
      ) : null}
      <DatasetMismatch />
      <TwoPrimaries />
      {treeStatus === 'loading' ? <ProgressCircle aria-label="Loading the schema" isIndeterminate /> : null}
      {tree && treeStatus === 'ready' ? (
        <div className="mapping-layout">
          <div className="mapping-layout__main">
            <SavedMappingOffer />
            <SuggestionBanner />
            <RulesEditor tree={tree} />
            <IdentityBuilder columns={columns} />
            <UnmappedColumns columns={columns} />
          </div>
          <div className="mapping-layout__side">
            <Tabs aria-label="Mapping help and preview" defaultSelectedKey="records">
              <TabList>
                <Item key="records">Sample records</Item>
                <Item key="fields">XDM fields</Item>
                <Item key="functions">Functions</Item>
              </TabList>
              <TabPanels UNSAFE_className="mapping-tabs__panels">
                <Item key="records">
                  <SampleRecords />
                </Item>
                <Item key="fields">
                  <FieldTree
                    fields={tree.fields}
                    mapped={mappedSet}
                    onAdd={(path) =>
                      addRule({ source: { kind: 'column', column: columnForField(path, columns, suggestions, rules) }, destination: destinationOf(path) })
                    }
                  />
                </Item>
                <Item key="functions">
                  <FunctionHelp />
                </Item>
              </TabPanels>
            </Tabs>
          </div>
        </div>
      ) : null}
    </Flex>
  );
}
