import { Content, Flex, Heading, InlineAlert, ProgressCircle, Text } from '@adobe/react-spectrum';
import { OfActiveConnection, ScreenHeader } from '../../components/screen-header';
import { useConnections } from '../../queries/use-server-state';
import { ProductionBadge } from '../connections/production-badge';
import '../targets/targets.css';
import { LookupForm } from './lookup-form';
import { LookupOutcome } from './lookup-outcome';
import { ProfileView } from './profile-view';
import { useProfileLookup } from './use-profile';
import './profiles.css';

/** What the last lookup gave: a profile, a miss or refusal explained, or why it could not be made. */
function LookupResult() {
  const { status, lookup, error } = useProfileLookup();
  if (status === 'idle') return <p className="target-empty">Look a person up by one of their identities: an email, a CRM id, an ECID.</p>;
  if (status === 'loading')
    return (
      <Flex alignItems="center" gap="size-100">
        <ProgressCircle size="S" isIndeterminate aria-label="Looking the profile up" />
        <Text>Asking Profile…</Text>
      </Flex>
    );
  if (status === 'error' && error)
    return (
      <InlineAlert variant="negative" UNSAFE_className="profile-outcome">
        <Heading>The lookup could not be made ({error.code})</Heading>
        <Content>{error.message}</Content>
      </InlineAlert>
    );
  if (!lookup) return null;
  if (lookup.status === 'found' && lookup.profile) return <ProfileView lookup={lookup} profile={lookup.profile} />;
  return <LookupOutcome lookup={lookup} />;
}

/**
 * Browse, step 7 of the journey: a profile as Real-Time Customer Profile merged it.
 * Why the connection's namespaces are asked for here: the namespace code is half of an identity,
 * and a code the sandbox does not know can never find anyone.
 */
export function ProfilesScreen() {
  const { active } = useConnections();

  return (
    <Flex direction="column" gap="size-250" minHeight={0}>
      <Flex alignItems="end" justifyContent="space-between" gap="size-200" wrap>
        <ScreenHeader title="Profiles" subtitle={<OfActiveConnection what="Real-Time Customer Profile" />} />
        {active?.production ? <ProductionBadge /> : null}
      </Flex>
      <LookupForm />
      <LookupResult />
    </Flex>
  );
}
