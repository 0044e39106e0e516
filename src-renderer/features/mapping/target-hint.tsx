import { FirstRunHint } from '../help/first-run-hint';
import { TermHelp } from '../help/term-help';

/**
 * The Map step's first-run hint: which target to choose.
 * Why: a new steward meets three ways to pick a target (a dataset, a schema, a new one from the
 * file) and the XDM words behind them at once; the usual answer is one sentence away.
 */
export function TargetHint() {
  return (
    <FirstRunHint id="map-target" title="Which target to choose">
      <p>
        Start with <strong>Load into</strong>: pick the dataset the records should go to, and the target schema follows it, so the mapping writes only fields
        that dataset accepts. A list of people goes to a dataset whose schema has the Individual Profile class; dated events (purchases, visits) to one of the
        ExperienceEvent class <TermHelp term="class" />.
      </p>
      <p>
        For the records to reach Real-Time Customer Profile, the dataset must be enabled for Profile. With no suitable dataset,{' '}
        <strong>Create a target from this file…</strong> makes a schema and a dataset from its columns; a standard schema (offline) is for preparing a file
        without a connection.
      </p>
    </FirstRunHint>
  );
}
