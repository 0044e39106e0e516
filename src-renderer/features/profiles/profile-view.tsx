import type { ReactNode } from 'react';
import type { ProfileLookup } from '../../../src-shared/ipc/requests/entities';
import { useProfileLookup } from './use-profile';
import { AttributeTree } from './attribute-tree';
import { EventTimeline } from './event-timeline';
import { IdentityList } from './identity-list';
import { whenOf } from './profile-words';
import { RawJson } from './raw-json';
import { SourceList } from './source-list';

type FoundProfile = NonNullable<ProfileLookup['profile']>;

function Panel({ id, title, count, children }: { id: string; title: string; count?: number; children: ReactNode }) {
  return (
    <section className="prepare-section profile-panel" aria-labelledby={id}>
      <h3 className="profile-panel__title" id={id}>
        {title}
        {count !== undefined ? <span className="prepare-section__count">{count}</span> : null}
      </h3>
      {children}
    </section>
  );
}

/** The raw answers: the profile as looked up and, when listed, its events. */
function RawAnswers({ lookup }: { lookup: ProfileLookup }) {
  const { events } = useProfileLookup();
  return <RawJson label="Raw JSON" value={events.data ? { profile: lookup.profile, experienceEvents: events.data.events } : { profile: lookup.profile }} />;
}

/**
 * A profile Profile found: who it is (identities), where it comes from (datasets), what it holds
 * (merged attributes), what the person did (events), and the answer itself.
 */
export function ProfileView({ lookup, profile }: { lookup: ProfileLookup; profile: FoundProfile }) {
  return (
    <div className="profile-view">
      <p className="profile-summary">
        Profile <code className="profile-code">{profile.entityId ?? '—'}</code> for {lookup.namespace} “{lookup.id}”, last modified{' '}
        {whenOf(profile.lastModifiedAt)}.
      </p>
      <div className="profile-grid">
        <div className="profile-grid__side">
          <Panel id="profile-identities-heading" title="Identities" count={profile.identities.length}>
            <IdentityList identities={profile.identities} asked={lookup} />
          </Panel>
          <Panel id="profile-sources-heading" title="Contributing datasets" count={profile.sources.length}>
            <SourceList sources={profile.sources} />
          </Panel>
        </div>
        <Panel id="profile-attributes-heading" title="Attributes">
          <AttributeTree value={profile.attributes} label="Merged attributes" />
        </Panel>
      </div>
      <Panel id="profile-events-heading" title="Experience events">
        <EventTimeline />
      </Panel>
      <RawAnswers lookup={lookup} />
    </div>
  );
}
