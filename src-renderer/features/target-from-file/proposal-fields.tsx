import type { TargetProposalShape } from '../../../src-shared/ipc/requests/targets';
import { originWords, sourceWords, typeWords, whyCustom } from './proposal-words';
import { TermHelp } from '../help/term-help';

/**
 * The field tree the new schema will have: each field, the column that feeds it, its inferred
 * type and where the field comes from. Why a table of paths: a steward checks it column by
 * column against the file, and the dotted path is what the mapping and AEP's editor show.
 */
export function ProposalFields({ proposal }: { proposal: TargetProposalShape }) {
  return (
    <section aria-labelledby="proposal-fields-heading" className="proposal-section">
      <h3 id="proposal-fields-heading" className="proposal-section__title">
        Fields <span className="prepare-section__count">{proposal.fields.length}</span>
      </h3>
      <div className="proposal-table-wrap">
        <table className="proposal-table" aria-label="Fields of the new schema">
          <thead>
            <tr>
              <th scope="col">XDM field</th>
              <th scope="col">Column</th>
              <th scope="col">Type</th>
              <th scope="col">
                From <TermHelp term="field-group" />
              </th>
            </tr>
          </thead>
          <tbody>
            {proposal.fields.map((field) => {
              const isIdentity = field.path === proposal.identity.path;
              return (
                <tr key={field.path} aria-label={field.path}>
                  <th scope="row">
                    <code className="proposal-path">{field.path}</code>
                    {isIdentity ? <span className="proposal-identity-tag">primary identity · {proposal.identity.namespace}</span> : null}
                  </th>
                  <td>{sourceWords(field)}</td>
                  <td>{typeWords(field)}</td>
                  <td className="proposal-origin">
                    {originWords(field, proposal)}
                    {field.origin.kind === 'custom' ? <span className="proposal-why">{whyCustom(field, proposal)}</span> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {proposal.skipped.length > 0 ? (
        <ul className="proposal-skipped" aria-label="Columns left out">
          {proposal.skipped.map((s) => (
            <li key={s.column}>
              <strong>{s.column}</strong> is left out: {s.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
